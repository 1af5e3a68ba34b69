import { Button, Modal, Tag } from 'antd';
import { useAtom } from '../atom.ts';
import { orderedNotes, sourceNotes } from '../from-previous.ts';

/**
 * 导入说明: once a document made from a table (last year's, by 由上年文件新建, or one opened with
 * 打开) is open, what the reader inferred (成本指标 as first level → the 财预〔2021〕101号 tree, 分值
 * read as 权重…) and what it asks the clerk to check (a table cut off, a name taken from the
 * title), as `jxmb import` prints them: the clerk sees every guess before relying on the table.
 */
export function SourceNotesDialog() {
  const shown = useAtom(sourceNotes);
  const notes = shown?.notes ?? [];
  const close = () => sourceNotes.set(null);
  const warnings = notes.filter((n) => n.severity === 'warning').length;
  const what = shown?.table ? `表格“${shown.table}”` : '上年表格';
  const source = shown?.table ? '表格' : '上年文件';
  return (
    <Modal
      open={notes.length > 0}
      title="导入说明"
      width={720}
      // Above the 年份核对清单, which opens with it (a drawer, drawn later): read first, then review.
      zIndex={1100}
      onCancel={close}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={close} autoFocus>
          知道了
        </Button>
      }
    >
      <p className="muted">
        读取{what}时所作的推断{warnings > 0 ? '和需要核对之处' : ''}（共 {notes.length} 条
        {warnings > 0 ? `，其中 ${warnings} 条请核对` : ''}）。位置指{source}中的行（PDF
        为页，工作簿还有工作表和列）；{source}本身未作任何改动。
      </p>
      <ul className="source-notes" aria-label="导入说明">
        {orderedNotes(notes).map((n, i) => (
          <li key={i} className={`source-note source-note-${n.severity}`}>
            <Tag color={n.severity === 'warning' ? 'orange' : 'default'}>
              {n.severity === 'warning' ? '请核对' : '说明'}
            </Tag>
            <span className="muted">{n.where}：</span>
            {n.message}
          </li>
        ))}
      </ul>
    </Modal>
  );
}
