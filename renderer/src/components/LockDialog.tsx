import { Button, Descriptions, Modal } from 'antd';
import { useState } from 'react';
import type { LockHolder } from '../../../db/shared/errors.ts';
import { lockPrompt, openDocument, startSaveAs } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { ui } from '../ui.ts';

/**
 * 打开 a file another program has open: who has it since when, and what the clerk may do instead —
 * open it read-only, open it read-only and save a copy to work in, or, when the holder is gone
 * (crashed, or silent for too long), take it over after confirming.
 */
export function LockDialog() {
  const prompt = useAtom(lockPrompt);
  const [busy, setBusy] = useState(false);
  const close = () => lockPrompt.set(null);
  if (!prompt) return null;
  const { path, lock, message } = prompt;

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const readOnly = () => run(() => openDocument(path, 'readOnly'));
  const copy = () =>
    run(async () => {
      if (await openDocument(path, 'readOnly')) startSaveAs();
    });
  const takeOver = () =>
    ui().modal.confirm({
      title: '确认对方已不再编辑？',
      content: `接管后，${lock.user}（电脑 ${lock.host}）若仍在编辑，其修改将无法保存。`,
      okText: '接管',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => run(() => openDocument(path, 'takeOver')),
    });

  return (
    <Modal
      open
      title="文件已被其他程序打开"
      onCancel={close}
      width={560}
      footer={
        <div className="lock-actions">
          <Button type="primary" onClick={() => void readOnly()} loading={busy}>
            只读打开
          </Button>
          <Button onClick={() => void copy()} disabled={busy}>
            另存副本
          </Button>
          {lock.stale && (
            <Button danger onClick={takeOver} disabled={busy}>
              接管
            </Button>
          )}
          <Button onClick={close}>取消</Button>
        </div>
      }
    >
      <p>{message}</p>
      <Descriptions size="small" column={1} bordered items={holderItems(lock)} />
      <p className="muted lock-hint">
        {lock.stale
          ? '对方的程序似乎已不在运行（可能已异常退出）。确认对方不再编辑后，可以“接管”继续编辑。'
          : '同一时间只能有一人编辑，以免互相覆盖。可以只读打开查看、导出，或另存一份副本编辑。'}
      </p>
    </Modal>
  );
}

function holderItems(lock: LockHolder) {
  return [
    { key: 'user', label: '用户', children: lock.user },
    { key: 'host', label: '计算机', children: lock.host },
    { key: 'since', label: '打开时间', children: formatTime(lock.since) },
  ];
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', { hour12: false });
}
