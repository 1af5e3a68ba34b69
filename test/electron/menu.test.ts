import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../electron/channels.ts';
import { menuTemplate, type MenuState } from '../../electron/menu.ts';

const STATE: MenuState = {
  hasDocument: true,
  history: { undo: '删除项目' },
  recent: [{ path: '/docs/a&b.jxmb', name: 'a&b.jxmb' }],
  devTools: false,
};

function build(state: Partial<MenuState> = {}) {
  const sent: string[] = [];
  const opened: string[] = [];
  let cleared = 0;
  const menu = menuTemplate(
    { ...STATE, ...state },
    {
      command: (c) => sent.push(c),
      openRecent: (f) => opened.push(f),
      clearRecent: () => cleared++,
    },
  );
  const items = (list: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    list.flatMap((i) => [i, ...items((i.submenu as MenuItemConstructorOptions[]) ?? [])]);
  const all = items(menu);
  const byLabel = (label: string) => {
    const found = all.find((i) => i.label === label);
    if (!found) throw new Error(`no menu item ${label}`);
    return found;
  };
  const click = (label: string) => (byLabel(label).click as () => void)();
  return { menu, all, byLabel, click, sent, opened, cleared: () => cleared };
}

describe('menu', () => {
  it('has 文件 and 编辑 with the items of the issue, in Chinese', () => {
    const { menu, byLabel } = build();
    expect(menu.map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)']);
    for (const label of [
      '新建…',
      '由上年文件新建…',
      '打开…',
      '最近打开',
      '另存为…',
      '导出 Word…',
      '导出 PDF…',
      '导出 Excel…',
      '导出审核清单（PDF）…',
      '导出审核清单（Excel）…',
      '打印预览…',
    ]) {
      expect(byLabel(label)).toBeDefined();
    }
    expect(byLabel('撤销“删除项目”').enabled).toBe(true);
    expect(byLabel('重做').enabled).toBe(false);
  });

  it('each command item sends its command; together they are exactly MENU_COMMANDS', () => {
    const m = build({ history: { undo: 'x', redo: 'y' } });
    for (const label of [
      '新建…',
      '由上年文件新建…',
      '打开…',
      '另存为…',
      '导出 Word…',
      '导出 PDF…',
      '导出 Excel…',
      '导出审核清单（PDF）…',
      '导出审核清单（Excel）…',
      '打印预览…',
      '撤销“x”',
      '重做“y”',
      '更换指标体系…',
      '结构化指标值…',
      '文档属性（金额单位）…',
      '复制项目/指标',
      '粘贴项目/指标',
      '查找…（Ctrl+F）',
      '替换…（Ctrl+H）',
    ]) {
      m.click(label);
    }
    expect(m.sent).toEqual([...MENU_COMMANDS]);
  });

  it('undo/redo leave the keys to the page (Ctrl+Z in a text field undoes typing)', () => {
    const { byLabel } = build({ history: { undo: 'x', redo: 'y' } });
    for (const label of ['撤销“x”', '重做“y”']) {
      expect(byLabel(label).registerAccelerator).toBe(false);
      expect(byLabel(label).accelerator).toBeDefined();
    }
  });

  it('without a document, what needs one is disabled', () => {
    const { byLabel } = build({ hasDocument: false, history: {} });
    for (const label of [
      '另存为…',
      '导出 Word…',
      '导出 PDF…',
      '导出 Excel…',
      '导出审核清单（PDF）…',
      '导出审核清单（Excel）…',
      '打印预览…',
      '撤销',
      '重做',
    ]) {
      expect(byLabel(label).enabled, label).toBe(false);
    }
    expect(byLabel('新建…').enabled).toBeUndefined();
  });

  it('最近打开 opens in the main process; & in names is not a mnemonic', () => {
    const m = build();
    m.click('&1 a&&b.jxmb');
    expect(m.opened).toEqual(['/docs/a&b.jxmb']);
    m.click('清除列表');
    expect(m.cleared()).toBe(1);
    expect(build({ recent: [] }).byLabel('（无）').enabled).toBe(false);
  });

  it('DevTools only in a development run', () => {
    expect(build().all.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(build({ devTools: true }).all.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});
