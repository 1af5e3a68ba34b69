import type { MenuItemConstructorOptions } from 'electron';
import type { RecentDocument } from '../db/shared/api/host-contract.ts';
import type { HistoryState } from '../db/history.ts';
import type { MenuCommand } from './channels.ts';

/**
 * The application menu, in Chinese, as data (built with Menu.buildFromTemplate in main.ts).
 * A click either sends a command from MENU_COMMANDS to the focused window (on the one channel
 * `jxmb:menu`; the page then calls the matching API function), or is done by the main process
 * itself (最近打开, 关闭窗口, 退出, the clipboard roles).
 *
 * 撤销/重做 show Ctrl+Z / Ctrl+Y but do not take the keys: the page handles them, so that
 * Ctrl+Z inside a text field still undoes typing there.
 */

export interface MenuState {
  /** The focused window has a document (not the start page, not no window). */
  readonly hasDocument: boolean;
  readonly history: HistoryState;
  readonly recent: readonly RecentDocument[];
  /** Development run: the 开发 menu (reload, DevTools). Never in the installed app. */
  readonly devTools: boolean;
}

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(file: string): void;
  clearRecent(): void;
}

export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const doc = state.hasDocument;
  const send = (command: MenuCommand) => () => actions.command(command);
  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: '（无）', enabled: false }]
      : [
          ...state.recent.map((r, i) => ({
            label: `${i + 1 < 10 ? `&${i + 1} ` : ''}${r.name.replace(/&/g, '&&')}`,
            toolTip: r.path,
            click: () => actions.openRecent(r.path),
          })),
          { type: 'separator' },
          { label: '清除列表', click: () => actions.clearRecent() },
        ];

  const menu: MenuItemConstructorOptions[] = [
    {
      label: '文件(&F)',
      submenu: [
        { label: '新建…', accelerator: 'CmdOrCtrl+N', click: send('newDocument') },
        { label: '由上年文件新建…', click: send('newFromPrevious') },
        { label: '打开…', accelerator: 'CmdOrCtrl+O', click: send('openDocument') },
        { label: '最近打开', submenu: recent },
        { type: 'separator' },
        {
          label: '另存为…',
          accelerator: 'CmdOrCtrl+Shift+S',
          enabled: doc,
          click: send('saveAs'),
        },
        { type: 'separator' },
        { label: '导出 Word…', enabled: doc, click: send('exportDocx') },
        { label: '导出 PDF…', enabled: doc, click: send('exportPdf') },
        { label: '导出 Excel…', enabled: doc, click: send('exportXlsx') },
        { label: '导出审核清单（PDF）…', enabled: doc, click: send('exportReviewPdf') },
        { label: '导出审核清单（Excel）…', enabled: doc, click: send('exportReviewXlsx') },
        {
          label: '打印预览…',
          accelerator: 'CmdOrCtrl+P',
          enabled: doc,
          click: send('printPreview'),
        },
        { type: 'separator' },
        { label: '关闭窗口', role: 'close' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑(&E)',
      submenu: [
        {
          label: state.history.undo ? `撤销“${state.history.undo}”` : '撤销',
          accelerator: 'CmdOrCtrl+Z',
          registerAccelerator: false,
          enabled: doc && state.history.undo !== undefined,
          click: send('undo'),
        },
        {
          label: state.history.redo ? `重做“${state.history.redo}”` : '重做',
          accelerator: 'CmdOrCtrl+Y',
          registerAccelerator: false,
          enabled: doc && state.history.redo !== undefined,
          click: send('redo'),
        },
        { type: 'separator' },
        { label: '更换指标体系…', enabled: doc, click: send('changeTree') },
        { label: '结构化指标值…', enabled: doc, click: send('structureValues') },
        { label: '文档属性（金额单位）…', enabled: doc, click: send('documentProperties') },
        { type: 'separator' },
        // The page's own copy of a project or indicators; Ctrl+C/V stay the text's (roles below).
        { label: '复制项目/指标', enabled: doc, click: send('copy') },
        { label: '粘贴项目/指标', enabled: doc, click: send('paste') },
        // Ctrl+F / Ctrl+H are the page's own keys (no accelerator here, or Electron takes them).
        { label: '查找…（Ctrl+F）', enabled: doc, click: send('find') },
        { label: '替换…（Ctrl+H）', enabled: doc, click: send('replace') },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图(&V)',
      submenu: [
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { label: '实际大小', role: 'resetZoom' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
  ];
  if (state.devTools) {
    menu.push({
      label: '开发',
      submenu: [
        { label: '重新载入', role: 'reload' },
        { label: '开发者工具', role: 'toggleDevTools' },
      ],
    });
  }
  return menu;
}
