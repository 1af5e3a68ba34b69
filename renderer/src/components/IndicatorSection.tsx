import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { memo, useMemo } from 'react';
import type { CategoryTree } from '../../../db/shared/tree.ts';
import type { ProjectData } from '../../../db/shared/types.ts';
import { addIndicator } from '../actions.tsx';
import { categoryMenuItems, groupIndicators, label } from '../categories.ts';
import { IndicatorRow, type FieldIssues } from './IndicatorRow.tsx';
import { IndicatorCopyButtons } from './CopyPaste.tsx';

interface Props {
  readonly project: ProjectData;
  readonly tree: CategoryTree;
  /** Findings per indicator id, by field. */
  readonly issues: Readonly<Record<number, FieldIssues>>;
}

/**
 * 绩效指标: grouped 一级 → 二级 in the document's tree, as the national 申报表 prints them: a band
 * per 一级指标, the 二级指标 in a column beside its rows (one line per indicator, no heading row
 * of its own). Adding means choosing a 二级指标.
 */
export const IndicatorSection = memo(function IndicatorSection({ project, tree, issues }: Props) {
  const groups = useMemo(() => groupIndicators(project, tree), [project, tree]);
  const addMenu = useMemo(
    () => ({
      items: categoryMenuItems(tree),
      onClick: ({ key }: { key: string }) => void addIndicator(project.id, key),
    }),
    [tree, project.id],
  );

  return (
    <section className="indicators" aria-labelledby={`ind-title-${project.id}`}>
      {/* One line, kept in view while the rows scroll: title, column titles, 添加指标. */}
      <div className="ind-header">
        <h2 id={`ind-title-${project.id}`} className="section-title">
          绩效指标
          <span className="muted count">共 {project.indicators.length} 条</span>
        </h2>
        <div className="ind-header-rows">
          {project.indicators.length > 0 && (
            <>
              <span className="ind-col-title ind-col-name" aria-hidden="true">
                三级指标名称
              </span>
              <span className="ind-col-title ind-col-cycle" aria-hidden="true">
                实施周期指标值
              </span>
              <span className="ind-col-title ind-col-annual" aria-hidden="true">
                年度指标值
              </span>
            </>
          )}
          <Dropdown menu={addMenu} trigger={['click']}>
            <Button
              icon={<PlusOutlined />}
              type="primary"
              ghost
              size="small"
              className="ind-add"
              aria-label="添加指标"
            >
              添加指标 <DownOutlined />
            </Button>
          </Dropdown>
        </div>
        <IndicatorCopyButtons projectId={project.id} />
      </div>
      {groups.map((l1) => (
        <div className="ind-level1" key={l1.code || 'stray'}>
          <div className="ind-level1-head">
            <h3 className="ind-level1-title">{l1.code ? label(l1) : l1.name}</h3>
            {l1.count === 0 && (
              <span
                className={l1.role === 'output' || l1.role === 'benefit' ? 'ind-missing' : 'muted'}
              >
                尚无指标
              </span>
            )}
            <span className="ind-quick-add">
              {l1.level2.map((l2) => (
                <button
                  key={l2.code}
                  type="button"
                  className="quick-add"
                  tabIndex={-1}
                  aria-label={`添加${l2.name}`}
                  title={`添加一条“${label(l2)}”指标`}
                  onClick={() => void addIndicator(project.id, l2.code)}
                >
                  <PlusOutlined aria-hidden /> {l2.name}
                </button>
              ))}
            </span>
          </div>
          {l1.groups.map((g) => (
            <div className="ind-level2" key={g.code}>
              <h4 className="ind-level2-title">{label(g)}</h4>
              <div className="ind-rows">
                {g.rows.map((r) => (
                  <IndicatorRow
                    key={r.indicator.id}
                    projectId={project.id}
                    indicator={r.indicator}
                    number={r.number}
                    first={r.first}
                    last={r.last}
                    tree={tree}
                    issues={issues[r.indicator.id]}
                  />
                ))}
              </div>
            </div>
          ))}
        </div>
      ))}
      {project.indicators.length > 0 && (
        <p className="muted hint">
          在指标中按 Enter 添加同类别的下一条指标；Alt+↑/↓ 在类别内调整顺序；Alt+Enter
          展开或收起指标详情。
        </p>
      )}
    </section>
  );
});
