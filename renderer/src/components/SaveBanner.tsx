import { DisconnectOutlined, LockOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { startSaveAs } from '../actions.tsx';
import { useConnected, useReadOnlyReason } from '../store.ts';
import { UNREACHABLE } from '../wire.ts';

/**
 * A lasting line under the toolbar while something stops the page from saving: the host does not
 * answer (edits are kept and retried), or the document is read-only or was taken over by
 * another program (another copy can still be saved). It stays until that is over: a toast that
 * vanishes would leave the clerk believing the work is saved.
 */
export function SaveBanner() {
  const connected = useConnected();
  const readOnly = useReadOnlyReason();
  if (!connected) {
    return (
      <div className="save-banner save-banner-error" role="alert">
        <DisconnectOutlined aria-hidden />
        <strong>{UNREACHABLE}</strong>
        <span className="save-banner-more">
          输入的内容都保留在页面上，连接恢复后按顺序自动保存；请不要关闭本页面。
        </span>
      </div>
    );
  }
  if (readOnly) {
    return (
      <div className="save-banner save-banner-warning" role="status" title={readOnly}>
        <LockOutlined aria-hidden />
        <strong>{readOnly}</strong>
        <span className="save-banner-more">修改不会保存；可以导出，或另存为副本后继续编辑。</span>
        <Button size="small" onClick={startSaveAs}>
          另存为…
        </Button>
      </div>
    );
  }
  return null;
}
