import { CaretRightOutlined } from '@ant-design/icons';
import { memo, type ReactNode } from 'react';

/**
 * The toggle of a part shown on demand (更多项目信息, an indicator's 指标详情): a caret that
 * turns when open, `aria-expanded` for screen readers. The caller renders the part itself only
 * while open, so dozens of closed rows cost nothing. Its props are plain values and a stable
 * handler: typing in a row does not repaint it.
 */
export const DisclosureButton = memo(function DisclosureButton(props: {
  open: boolean;
  onToggle: () => void;
  /** The id of the part (present while open). */
  controls: string;
  /** The accessible name when the button shows no text of its own. */
  label?: string;
  title?: string;
  className?: string;
  /** -1 in indicator rows: out of the Tab order like the row's other buttons (Alt+Enter). */
  tabIndex?: number;
  children?: ReactNode;
}) {
  const { onToggle } = props;
  // A span, not a <button>: a read-only document disables its fieldset's buttons, and showing
  // a part is no edit.
  return (
    <span
      role="button"
      className={`disclosure${props.open ? ' disclosure-open' : ''}${props.className ? ` ${props.className}` : ''}`}
      aria-expanded={props.open}
      aria-controls={props.controls}
      aria-label={props.label}
      title={props.title}
      tabIndex={props.tabIndex ?? 0}
      onClick={onToggle}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onToggle();
        }
      }}
    >
      <CaretRightOutlined className="disclosure-caret" aria-hidden />
      {props.children}
    </span>
  );
});
