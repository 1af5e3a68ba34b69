import { Dropdown, type MenuProps } from 'antd';
import type { MouseEvent } from 'react';
import { createPortal } from 'react-dom';

/**
 * A right-click menu (the tree's, an indicator row's) opened where the clerk clicked, or under
 * the focused element when opened from the keyboard (the Menu key, Shift+F10). Made only while
 * open: a project shows dozens of rows, and a Dropdown per row would cost more than the row.
 */

export interface MenuPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * True when the right-click is on text the clerk edits: there the browser's own menu (cut, copy,
 * paste) stays, since pasting is what a clerk right-clicks a field for.
 */
export function onEditableText(e: MouseEvent<HTMLElement>): boolean {
  const t = e.target;
  return (
    t instanceof HTMLTextAreaElement ||
    (t instanceof HTMLInputElement && !['button', 'checkbox', 'radio'].includes(t.type)) ||
    (t instanceof HTMLElement && t.isContentEditable)
  );
}

/** Where a contextmenu event asks for its menu. */
export function pointOf(e: MouseEvent<HTMLElement>): MenuPoint {
  if (e.clientX !== 0 || e.clientY !== 0) return { x: e.clientX, y: e.clientY };
  const target = e.target instanceof HTMLElement ? e.target : e.currentTarget;
  const box = target.getBoundingClientRect();
  return { x: box.left + 8, y: box.bottom };
}

export function PointMenu(props: {
  readonly at: MenuPoint | null;
  /** The menu's accessible name (`项目菜单`). */
  readonly label: string;
  readonly items: () => NonNullable<MenuProps['items']>;
  readonly onCommand: (key: string) => void;
  readonly onClose: () => void;
}) {
  const { at, onClose, onCommand } = props;
  if (!at) return null;
  return createPortal(
    <Dropdown
      open
      autoFocus
      trigger={['contextMenu']}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      menu={{
        items: props.items(),
        'aria-label': props.label,
        onClick: ({ key }) => {
          onClose();
          onCommand(key);
        },
      }}
    >
      <span
        className="point-menu-anchor"
        style={{ left: at.x + window.scrollX, top: at.y + window.scrollY }}
      />
    </Dropdown>,
    document.body,
  );
}
