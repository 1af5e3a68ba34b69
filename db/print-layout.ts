import { DEFAULT_LAYOUT, layoutById, LAYOUTS, type Layout } from '../templates/layout/index.ts';

/**
 * The print layout a document remembers (DocumentData.printLayout): the one an export uses
 * when it names none. One rule for every host (editor, browser mode, command line).
 */
export interface RememberedLayout {
  readonly layout: Layout;
  /**
   * The id the file holds when this program does not ship it (saved by a newer program, or
   * written by another tool): the default layout prints meanwhile, and the file keeps the id
   * until the clerk chooses another.
   */
  readonly unknown?: string;
}

export function rememberedLayout(stored: string | null): RememberedLayout {
  if (stored === null) return { layout: DEFAULT_LAYOUT };
  const layout = LAYOUTS.find((l) => l.id === stored);
  return layout ? { layout } : { layout: DEFAULT_LAYOUT, unknown: stored };
}

/** The layout an export asks for by id, else the document's remembered one. */
export function layoutForExport(asked: string | undefined, stored: string | null): Layout {
  return asked === undefined ? rememberedLayout(stored).layout : layoutById(asked);
}

/** Why the remembered layout is not the one printed, in the clerk's words. */
export function unknownLayoutNote(id: string): string {
  const shown = [...id].length > 40 ? `${[...id].slice(0, 40).join('')}…` : id;
  return `文件记录的打印格式“${shown}”不是本程序提供的格式（可能由更新版本的程序保存），按默认的“${DEFAULT_LAYOUT.name}”打印`;
}

/** The id to store for a layout the clerk chose; refused, in Chinese, when there is none. */
export function checkLayoutId(id: string): string {
  return layoutById(id).id;
}
