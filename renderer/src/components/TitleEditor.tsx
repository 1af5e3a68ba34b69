import { EditOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Popover } from 'antd';
import { useState, useSyncExternalStore } from 'react';
import { setTitle } from '../actions.tsx';
import { fieldId } from '../focus.ts';
import { store, useReadOnlyReason } from '../store.ts';
import { useDraft } from '../useDraft.ts';
import { DraftField, FieldBox } from './DraftField.tsx';

/**
 * 标题: the table's title as printed, the standard one (部门名称 + 预算年度 + 项目支出绩效目标表…)
 * unless the clerk wrote another; 恢复标准标题 goes back to the standard one, which then follows
 * 部门名称 and 预算年度 again. Edited in a small popover from the document's fields.
 */

function useTitle() {
  const title = useSyncExternalStore(store.subscribe, () => store.doc?.data.title ?? '');
  const derived = useSyncExternalStore(
    store.subscribe,
    () => store.doc?.data.titleIsDerived ?? true,
  );
  return { title, derived };
}

function TitleForm() {
  const { title, derived } = useTitle();
  const draft = useDraft({
    value: title,
    // Emptied: the standard title, rather than a table with no title.
    commit: (t, guard) => setTitle(t.trim() === '' ? null : t, guard),
    read: (doc) => doc.data.title,
    label: '标题',
  });
  const id = fieldId.document('title');
  return (
    <div className="title-form">
      <FieldBox label="标题" htmlFor={id} error={draft.error}>
        <DraftField draft={draft} id={id} label="标题" />
      </FieldBox>
      <div className="title-form-foot">
        <span className="muted">
          {derived ? '标准标题：随部门名称和预算年度更新' : '自定义标题'}
        </span>
        <Button
          size="small"
          icon={<UndoOutlined />}
          disabled={derived && !draft.hasDraft}
          onClick={() => {
            draft.discard();
            void setTitle(null);
          }}
        >
          恢复标准标题
        </Button>
      </div>
    </div>
  );
}

/** The 标题 button among the document's fields; the form opens under it. */
export function TitleButton() {
  const [open, setOpen] = useState(false);
  const readOnly = useReadOnlyReason() !== null;
  const { title } = useTitle();
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomLeft"
      destroyOnHidden
      content={<TitleForm />}
    >
      <Button
        type="link"
        size="small"
        className="doc-title-button"
        icon={<EditOutlined />}
        aria-label="编辑标题"
        title={`标题：${title}`}
        disabled={readOnly}
      >
        标题
      </Button>
    </Popover>
  );
}
