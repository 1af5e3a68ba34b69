import { standardTitle } from '../../shared/totals.ts';
import type { MoneyUnit } from '../../shared/money.ts';
import type { CellRow } from '../cell-rows.ts';
import { removeExtractionSpaces } from '../cjk-spaces.ts';
import {
  ImportError,
  note,
  type ImportNote,
  type ReadOptions,
  type Where,
} from '../source-where.ts';
import { TITLE } from '../table-draft.ts';
import { PER_ROW_LAYOUT } from './per-row-header.ts';

/**
 * What stands above a one-row-per-indicator table, and beside it in a workbook: the department
 * and the budget year (a `部门名称：…` line, a title `{部门} {年度}年…`, or a 说明 sheet of
 * label | value rows as this program's workbooks carry), the unit a sheet is of
 * (`单位名称：区图书馆` above a sheet of one unit), a title of the clerk's own.
 */

/** `万元` or `元` alone (a 说明 sheet's 金额单位, or what `单位：` names when it is money). */
export function parseMoneyUnitName(text: string): MoneyUnit | null {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  return t === '万元' || t === '元' ? t : null;
}

export function rowText(row: CellRow): string {
  return row.cells.filter((c) => c !== '').join(' ');
}

const DEPARTMENT_LABEL = /^(?:部门名称|预算部门|主管部门|部门)\s*[:：]\s*(.*?)\s*$/u;
const YEAR_LABEL = /(?:预算年度|年度)\s*[:：]\s*((?:19|20)\d{2})/u;
const LOOSE_TITLE = /^(.*?)\s*((?:19|20)\d{2})\s*年度?/u;
/** `单位名称：区图书馆` (not `单位：万元`, which states money). */
const UNIT_LABEL = /^(?:单位名称|预算单位|填报单位|单位)\s*[:：]\s*(.*?)\s*$/u;
/** Longer cells are prose, not a title or a label line; and the patterns stay linear. */
const MAX_LINE = 2000;

/** What the lines above one sheet's header say. */
export interface TitleFacts {
  readonly department?: { readonly text: string; readonly where: Where };
  readonly year?: { readonly value: number; readonly where: Where };
  /** A department read from a title `{部门} {年度}年…` (weaker than a labelled one). */
  readonly titleDepartment?: { readonly text: string; readonly where: Where };
  /** The title as printed when it is the standard title's shape (`…年项目支出绩效目标表`). */
  readonly title?: string;
  /** `单位名称：…` above the header: the unit the sheet is of. */
  readonly unitName?: { readonly text: string; readonly where: Where };
}

export function readTitleFacts(above: readonly CellRow[]): TitleFacts {
  const out: {
    department?: { text: string; where: Where };
    year?: { value: number; where: Where };
    titleDepartment?: { text: string; where: Where };
    title?: string;
    unitName?: { text: string; where: Where };
  } = {};
  for (const row of above) {
    for (const cell of row.cells) {
      if (cell.length > MAX_LINE) continue;
      // `部门名称：X    单位：万元`: the department ends where the unit statement starts.
      const d = DEPARTMENT_LABEL.exec(cell.replace(/\s*(?:金额)?单\s*位\s*[:：].*$/u, ''));
      if (d && d[1] && out.department === undefined) {
        out.department = { text: removeExtractionSpaces(d[1]), where: row.where };
      }
      const y = YEAR_LABEL.exec(cell);
      if (y && out.year === undefined) out.year = { value: Number(y[1]), where: row.where };
      const u = UNIT_LABEL.exec(cell.replace(/\s*(?:金额)?单\s*位\s*[:：]\s*(?:万元|元)\s*$/u, ''));
      if (u && u[1] && parseMoneyUnitName(u[1]) === null && out.unitName === undefined) {
        out.unitName = { text: removeExtractionSpaces(u[1]), where: row.where };
      }
    }
    const text = rowText(row);
    if (out.titleDepartment === undefined && text.length <= MAX_LINE) {
      const m = TITLE.exec(text) ?? LOOSE_TITLE.exec(text);
      if (m && !DEPARTMENT_LABEL.test(text) && !UNIT_LABEL.test(text)) {
        const name = removeExtractionSpaces(m[1]!);
        if (name !== '') out.titleDepartment = { text: name, where: row.where };
        out.year ??= { value: Number(m[2]), where: row.where };
        if (TITLE.test(text)) {
          out.title = removeExtractionSpaces(text).replace(/(?<=\S)(?=\d{4}年)/u, ' ');
        }
      }
    }
  }
  return out;
}

/** A 说明 sheet's label | value rows (this program's workbooks; a clerk's cover sheet). */
export interface AboutFacts {
  readonly sheet: string;
  readonly department?: { readonly text: string; readonly where: Where };
  readonly year?: { readonly value: number; readonly where: Where };
  readonly title?: string;
  readonly unit?: { readonly unit: MoneyUnit; readonly where: Where; readonly text: string };
  readonly decimals?: number;
  readonly treeId?: string;
}

const ABOUT = {
  department: /^(?:部门名称|预算部门|主管部门)$/u,
  year: /^(?:预算年度|年度)$/u,
  title: /^(?:标题|表格标题)$/u,
  unit: /^(?:金额单位|单位)$/u,
  decimals: /^金额小数位数$/u,
  treeId: /^指标体系代码$/u,
};

/**
 * The facts of a sheet of label | value rows, or null when it has none of the labels. Only a
 * label alone in its cell, its value in the next filled cell of the row.
 */
export function readAboutSheet(name: string, rows: readonly CellRow[]): AboutFacts | null {
  const out: {
    sheet: string;
    department?: { text: string; where: Where };
    year?: { value: number; where: Where };
    title?: string;
    unit?: { unit: MoneyUnit; where: Where; text: string };
    decimals?: number;
    treeId?: string;
  } = { sheet: name };
  let any = false;
  for (const row of rows.slice(0, 60)) {
    const cells = row.cells.map((c) => c.trim()).filter((c) => c !== '');
    if (cells.length < 2) continue;
    const label = cells[0]!
      .normalize('NFKC')
      .replace(/\s+/gu, '')
      .replace(/[:：]$/u, '');
    const value = cells[1]!;
    if (ABOUT.department.test(label) && out.department === undefined) {
      out.department = { text: value, where: row.where };
      any = true;
    } else if (ABOUT.year.test(label) && /^(?:19|20)\d{2}(?:年度?)?$/u.test(value)) {
      out.year ??= { value: Number(value.slice(0, 4)), where: row.where };
      any = true;
    } else if (ABOUT.title.test(label)) {
      out.title ??= value;
    } else if (ABOUT.unit.test(label) && parseMoneyUnitName(value) !== null) {
      out.unit ??= {
        unit: parseMoneyUnitName(value)!,
        where: row.where,
        text: `${label}：${value}`,
      };
    } else if (ABOUT.decimals.test(label) && /^\d$/u.test(value)) {
      out.decimals ??= Number(value);
    } else if (ABOUT.treeId.test(label)) {
      out.treeId ??= value;
    }
  }
  return any ? out : null;
}

export interface Head {
  readonly department: string;
  readonly year: number;
  readonly title: string | null;
}

/**
 * Department, year and title from the sheets' lines (the first sheet that states each) and a
 * 说明 sheet (which names them outright, so it is taken first); refused when there is no
 * department or no year and the clerk named none.
 */
export function settleHead(
  sheets: readonly { readonly facts: TitleFacts; readonly above: readonly CellRow[] }[],
  about: AboutFacts | null,
  headerWhere: Where,
  options: ReadOptions,
  notes: ImportNote[],
): Head {
  const first = <T>(pick: (f: TitleFacts) => T | undefined): T | undefined => {
    for (const s of sheets) {
      const v = pick(s.facts);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const top = sheets[0]?.above[0]?.where ?? headerWhere;
  let year = about?.year?.value ?? first((f) => f.year)?.value;
  year ??= options.year;
  if (year === undefined) {
    throw new ImportError(
      top,
      `${PER_ROW_LAYOUT}的标题中找不到预算年度（如“2025年”）；请核对表格，或指定年度（命令行 --year 年度）`,
    );
  }
  if (
    about?.year === undefined &&
    first((f) => f.year) === undefined &&
    !sheets.some((s) => s.above.some((r) => rowText(r).includes(String(year))))
  ) {
    notes.push(note('warning', headerWhere, `表格未注明预算年度，按指定的年度 ${year} 读取`));
  }
  const department =
    about?.department?.text ??
    first((f) => f.department)?.text ??
    first((f) => f.titleDepartment)?.text;
  if (!department) {
    throw new ImportError(
      top,
      `${PER_ROW_LAYOUT}中找不到部门名称（“部门名称：…”一行，或标题中年度之前的部门名称）`,
    );
  }
  let title: string | null = about?.title ?? first((f) => f.title) ?? null;
  if (title !== null && title === standardTitle(department, year)) title = null;
  if (about) {
    notes.push(
      note(
        'info',
        about.department?.where ?? { line: 1, sheet: about.sheet },
        `部门名称、预算年度取自工作表“${about.sheet}”`,
      ),
    );
  }
  return { department, year, title };
}
