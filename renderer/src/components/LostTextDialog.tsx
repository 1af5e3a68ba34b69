import { CopyOutlined } from '@ant-design/icons';
import { Button, Input, Modal } from 'antd';
import { lostTexts } from '../actions.tsx';
import { useAtom } from '../atom.ts';
import { GONE_TITLE } from '../doc-store.ts';
import { ui } from '../ui.ts';

/**
 * Text typed into a project (unit, indicator) that another window deleted meanwhile: it could
 * not be saved, so it is shown here, read-only, to copy elsewhere before it is closed.
 */
export function LostTextDialog() {
  const items = useAtom(lostTexts);
  return (
    <Modal
      open={items.length > 0}
      title={GONE_TITLE}
      onCancel={() => lostTexts.set([])}
      footer={
        <Button type="primary" onClick={() => lostTexts.set([])}>
          关闭
        </Button>
      }
      width={560}
    >
      <p>您在其中输入的以下内容没有保存，本页已更新为最新内容。可复制后粘贴到其他项目中：</p>
      {items.map((item, i) => (
        <div className="lost-text" key={i}>
          <div className="lost-text-head">
            <span className="field-label">{item.label}</span>
            <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(item.text)}>
              复制
            </Button>
          </div>
          <Input.TextArea
            readOnly
            value={item.text}
            aria-label={`未保存的${item.label}`}
            autoSize={{ minRows: 1, maxRows: 6 }}
          />
        </div>
      ))}
    </Modal>
  );
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    ui().message.success('已复制');
  } catch {
    ui().message.info('无法自动复制：请在框中选中文字后按 Ctrl+C');
  }
}
