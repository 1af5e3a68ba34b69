import type { NamedItem } from '../../db/shared/api/host-contract.ts';

/** The layout the header's select shows and 导出 / 打印预览 use. */
export interface LayoutChoice {
  /** A layout's id, or '' while the host has not listed them. */
  readonly id: string;
  /** The id the document remembers when this program does not offer it (a newer program's). */
  readonly unknown: string | null;
}

/**
 * The document's remembered layout (DocumentData.printLayout); the default (the host lists it
 * first) when it remembers none or one not offered here; in a read-only window, the one chosen
 * there, if any.
 */
export function layoutChoice(
  list: readonly NamedItem[],
  file: string | undefined,
  remembered: string | null,
  readOnlyChoice: { readonly file: string; readonly id: string } | null,
): LayoutChoice {
  const offered = (id: string | null | undefined) =>
    id !== null && id !== undefined && list.some((l) => l.id === id);
  if (readOnlyChoice && readOnlyChoice.file === file && offered(readOnlyChoice.id)) {
    return { id: readOnlyChoice.id, unknown: null };
  }
  if (offered(remembered)) return { id: remembered!, unknown: null };
  return { id: list[0]?.id ?? '', unknown: remembered };
}

/**
 * The chosen layout's name as the narrow select shows it: every name starts 项目支出绩效…, so
 * cut to 150 px they all read alike; the table's own word (绩效目标表, 绩效目标申报表,
 * 绩效指标汇总表) tells them apart. The open list and the tooltip give the whole name.
 */
export function shortLayoutName(name: string): string {
  const short = name.replace(/^项目支出/u, '').replace(/（.*$/u, '');
  return short || name;
}
