import { UserError } from '../../shared/errors.ts';
import { textCellRows, type CellSource } from '../cell-rows.ts';
import { importPublishedText } from '../published-text.ts';
import {
  describeWhere,
  ImportError,
  note,
  type ImportResult,
  type ReadOptions,
  type Where,
} from '../source-where.ts';
import { PUBLISHED_LAYOUT, TITLE } from '../table-draft.ts';
import { perProject } from '../../../templates/layout/per-project.ts';
import { perRow } from '../../../templates/layout/per-row.ts';
import { findPerRowHeader, PER_ROW_LAYOUT, readPerRowTable } from './per-row-table.ts';
import { findPublishedHeader, PUBLISHED_HEADER, readPublishedCells } from './published-cells.ts';
import { looksLikeProjectForm, PROJECT_FORM_LAYOUT, readProjectForms } from './project-form.ts';

/**
 * Which kind of table a source is, and the one way every source is read: the text of `import`
 * and of 由上年文件新建, and a PDF's cells (pdf-import.ts). Each family is recognised by what it
 * must have (a header row, a title, a labelled project field); a source that is one family but
 * cannot be read says which family it was taken for and why it failed, and a source that is
 * none says so and lists what is supported — never a reader's complaint about a title the
 * table was never meant to have.
 */

export type LayoutFamily = 'published' | 'project-form' | 'per-row';

/** The families as messages name them, in the order they are listed. */
export const LAYOUT_NAMES: Readonly<Record<LayoutFamily, string>> = {
  published: PUBLISHED_LAYOUT,
  'project-form': PROJECT_FORM_LAYOUT,
  'per-row': PER_ROW_LAYOUT,
};

/** What each family is recognised by, for the refusal of a source that is none of them. */
const RECOGNISED_BY: Readonly<Record<LayoutFamily, string>> = {
  published:
    '标题“{部门名称} {年度}年项目支出绩效目标表”或表头行“项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标”',
  'project-form': '“项目名称 | …”一行，其下有指标表头（一级指标、二级指标、三级指标、指标值等）',
  'per-row': '一行表头中同时有“项目”“二级指标”“三级指标”“指标值”等栏目',
};

export interface Detected {
  readonly family: LayoutFamily;
  /** Why, in Chinese, for the refusal of a table of this family that cannot be read. */
  readonly reason: string;
}

/** `1、1-产出指标；11-数量指标；`: the Guangzhou indicator notation. */
const PUBLISHED_NOTATION = /\d{1,3}\s*、\s*\d\s*-\s*[^；;\d]{1,12}[；;]\s*\d{2}\s*-/u;

/** Lines searched for a title or a header row: the top of the first page. */
const TITLE_LINES = 12;
/** Text searched for the notation (the first projects' indicators are near the top). */
const NOTATION_CHARS = 20_000;

/**
 * The family of a text. The Guangzhou table's own header row decides first; then a per-row
 * header, then per-project forms (whose cells may quote anything, the Guangzhou notation too);
 * then the Guangzhou notation, and its title alone last, because this program's per-row layout
 * prints the same title above its own header.
 */
export function detectText(text: string, cells: CellSource): Detected | null {
  const lines = text.split(/\r\n|\r|\n/u).filter((l) => l.trim() !== '');
  const top = lines.slice(0, TITLE_LINES);
  const headerAt = top.findIndex((l) => PUBLISHED_HEADER.test(l.replace(/\s+/gu, '')));
  if (headerAt >= 0) {
    return { family: 'published', reason: '有其表头行“项目名称（资金使用单位） 总计 财政拨款 …”' };
  }
  const cellFamily = detectCells(cells);
  if (cellFamily) return cellFamily;
  if (PUBLISHED_NOTATION.test(text.slice(0, NOTATION_CHARS))) {
    return { family: 'published', reason: '绩效指标为“1、1-产出指标；11-数量指标；…”的写法' };
  }
  if (top.some((l) => l.length <= 2000 && TITLE.test(l))) {
    return { family: 'published', reason: '标题为“{部门名称} {年度}年项目支出绩效目标表”' };
  }
  return null;
}

/** The family of a table's cell rows (a text's, a PDF's grid, a workbook's sheet). */
export function detectCells(source: CellSource): Detected | null {
  const publishedAt = findPublishedHeader(source.rows);
  if (publishedAt >= 0) {
    return {
      family: 'published',
      reason: `${describeWhere(source.rows[publishedAt]!.where)}为其表头行“项目名称（资金使用单位） 总计 财政拨款 …”`,
    };
  }
  const perRow = findPerRowHeader(source.rows);
  if (perRow) {
    return {
      family: 'per-row',
      reason: `${describeWhere(perRow.where)}为其表头，项目与指标在同一行`,
    };
  }
  if (looksLikeProjectForm(source)) {
    return { family: 'project-form', reason: '有“项目名称”一栏及其下的指标表头' };
  }
  return null;
}

/** The refusal of a source that is no supported family. */
export function noLayoutError(where: Where): ImportError {
  const list = (Object.keys(LAYOUT_NAMES) as LayoutFamily[])
    .map((f, i) => `${i + 1}. ${LAYOUT_NAMES[f]}：${RECOGNISED_BY[f]}`)
    .join('；');
  return new ImportError(
    where,
    `未能识别表格格式：不是本程序支持的任何一种格式。支持的格式：${list}。请核对文件是否为项目支出绩效目标表，或将表格另存为以上格式之一`,
  );
}

/** A reader's refusal, saying which family the table was taken for and why. */
function inFamily(detected: Detected, e: unknown): unknown {
  if (!(e instanceof ImportError)) return e;
  return new ImportError(
    e.where,
    `按${LAYOUT_NAMES[detected.family]}读取（${detected.reason}），无法导入：${e.detail}`,
  );
}

function read(detected: Detected, run: () => ImportResult): ImportResult {
  try {
    return run();
  } catch (e) {
    throw inFamily(detected, e);
  }
}

/**
 * Reads a text of any supported family: the Guangzhou published table (as extracted from its
 * PDF), per-project forms or a per-row table (cells separated by tabs, as copied from Word or
 * WPS, or by ` | `).
 */
export function readText(text: string, options: ReadOptions = {}): ImportResult {
  const clean = text.replace(/^\uFEFF/u, '');
  if (clean.trim() === '') throw new UserError('文本为空，没有可导入的内容');
  const cells = textCellRows(clean);
  const detected = detectText(clean, cells);
  if (!detected) throw noLayoutError(cells.rows[0]?.where ?? { line: 1 });
  if (detected.family === 'published') {
    return read(detected, () => importPublishedText(clean, options));
  }
  return readDetectedCells(detected, cells, options);
}

/**
 * Reads a table's cell rows of any family: what pdf-import.ts hands over from a PDF's grid (the
 * Guangzhou table of a PDF is read by its columns before), and a workbook's sheets.
 */
export function readCells(source: CellSource, options: ReadOptions = {}): ImportResult {
  if (source.rows.length === 0) throw new UserError('文件中没有可导入的表格内容');
  const detected = detectCells(source);
  if (!detected) throw noLayoutError(source.rows[0]!.where);
  return readDetectedCells(detected, source, options);
}

function readDetectedCells(
  detected: Detected,
  source: CellSource,
  options: ReadOptions,
): ImportResult {
  if (detected.family === 'published') {
    // The document made from the Guangzhou table prints in it, as from its text or PDF.
    const result = read(detected, () => readPublishedCells(source, options));
    const said = note(
      'info',
      source.rows[0]!.where,
      `按${LAYOUT_NAMES.published}读取（${detected.reason}）`,
    );
    return { ...result, notes: [said, ...result.notes] };
  }
  const result = read(detected, () =>
    detected.family === 'per-row'
      ? readPerRowTable(source, options)
      : readProjectForms(source, options),
  );
  // The new document prints as the table came, until the clerk picks another layout.
  const layout = detected.family === 'per-row' ? perRow : perProject;
  // Which layout the table was taken for is an inference too: the first note says it.
  const said = note(
    'info',
    source.rows[0]!.where,
    `按${LAYOUT_NAMES[detected.family]}读取（${detected.reason}）；打印格式取为“${layout.name}”`,
  );
  return { draft: { ...result.draft, printLayout: layout.id }, notes: [said, ...result.notes] };
}
