import { Segmented } from 'antd';
import { useAtom } from '../atom.ts';
import { setViewMode, viewMode, type ViewMode } from '../view-mode.ts';

/**
 * 表单 / 表格: the switch between the form (one project) and the table of all indicators. Above
 * the tree in the form view; in the table's toolbar in the table view (the tree is hidden there).
 */
export function ViewSwitch() {
  const mode = useAtom(viewMode);
  return (
    <div className="view-switch">
      <span className="muted">视图</span>
      <Segmented<ViewMode>
        size="small"
        aria-label="视图"
        value={mode}
        options={[
          { value: 'form', label: '表单', title: '表单视图：逐个项目编辑' },
          {
            value: 'grid',
            label: '表格',
            title: '表格视图：全部指标列在一张表中，可排序、筛选、直接修改',
          },
        ]}
        onChange={setViewMode}
      />
    </div>
  );
}
