import { PrinterOutlined } from '@ant-design/icons';
import { Button, Modal } from 'antd';
import { useRef } from 'react';
import { preview } from '../actions.tsx';
import { useAtom } from '../atom.ts';

/**
 * Browser mode's print preview: the exported PDF in the page (the CSP allows blob: frames),
 * printed from the browser's PDF viewer. Electron shows its own preview window instead.
 */
export function PrintPreview() {
  const shown = useAtom(preview);
  const frame = useRef<HTMLIFrameElement>(null);
  const close = () => {
    if (shown) URL.revokeObjectURL(shown.url);
    preview.set(null);
  };
  const print = () => {
    try {
      frame.current?.contentWindow?.focus();
      frame.current?.contentWindow?.print();
    } catch {
      window.open(shown?.url, '_blank', 'noopener');
    }
  };
  return (
    <Modal
      open={shown !== null}
      title={`打印预览：${shown?.name ?? ''}`}
      onCancel={close}
      width="min(1200px, 94vw)"
      centered
      destroyOnHidden
      className="preview-modal"
      footer={[
        <a key="tab" href={shown?.url} target="_blank" rel="noopener" className="preview-link">
          在新标签页中打开
        </a>,
        <Button key="close" onClick={close} aria-label="关闭预览">
          关闭
        </Button>,
        <Button
          key="print"
          type="primary"
          icon={<PrinterOutlined />}
          onClick={print}
          aria-label="打印"
        >
          打印
        </Button>,
      ]}
    >
      {shown && <iframe ref={frame} className="preview-frame" src={shown.url} title="打印预览" />}
    </Modal>
  );
}
