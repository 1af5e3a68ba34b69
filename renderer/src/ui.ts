import type { App } from 'antd';

/**
 * antd's message, modal and notification bound to the app's ConfigProvider (zh_CN, theme).
 * Set once by <UiBridge/> inside antd's <App>; used by actions outside components.
 */
export type Ui = ReturnType<typeof App.useApp>;

let current: Ui | undefined;

export function setUi(ui: Ui): void {
  current = ui;
}

export function ui(): Ui {
  if (!current) throw new Error('UI not ready');
  return current;
}
