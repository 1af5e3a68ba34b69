import { perRow } from '../../../templates/layout/per-row.ts';
import type { CellRow } from '../cell-rows.ts';
import { LAYOUT_NAMES } from '../forms/detect.ts';
import { findPerRowHeader, findProjectHeader, type PerRowHeader } from '../forms/per-row-header.ts';
import { readPerRowBook, type PerRowBook, type PerRowSheet } from '../forms/per-row-table.ts';
import { readAboutSheet, type AboutFacts } from '../forms/per-row-title.ts';
import { ROLE_NAMES } from '../forms/per-row-walk.ts';
import {
  describeWhere,
  ImportError,
  note,
  type ImportNote,
  type ImportResult,
  type ReadOptions,
} from '../source-where.ts';

/**
 * The one-row-per-indicator sheets of a workbook (or a CSV) read as one table: every sheet whose
 * header names a project and an indicator's columns, one per unit or all units in one; a sheet
 * named for the 实施期 (实施期指标, 实施周期指标) holding the 实施周期 values of the same
 * indicators, as the national system's import shape has them; a sheet of projects (项目名称 and
 * amounts or goals, no indicator column) giving the projects' own fields; and a 说明 sheet of
 * label | value rows giving the department, the year and the unit of money.
 */

/** A sheet as the workbook reader sees it: its name (none for a CSV) and its rows with text. */
export interface BookSheet {
  readonly name?: string;
  readonly rows: readonly CellRow[];
}

/** What each sheet was taken for. */
export interface SheetRoles {
  readonly indicators: readonly PerRowSheet[];
  readonly projects: {
    readonly name: string;
    readonly rows: readonly CellRow[];
    readonly header: PerRowHeader;
  } | null;
  readonly about: AboutFacts | null;
  /** Sheets taken for none of them (other than the projects and facts sheets). */
  readonly others: readonly BookSheet[];
  /** Sheets of projects or facts beyond the first, not read. */
  readonly extra: readonly BookSheet[];
  /** The only indicator sheets are named for the 实施期: read as the table's values. */
  readonly cycleAsAnnual: boolean;
}

/** A sheet of 实施周期 values: named so by the national import shape. */
const CYCLE_SHEET = /实施(?:周)?期/u;

export function sheetRoles(sheets: readonly BookSheet[]): SheetRoles {
  const indicators: PerRowSheet[] = [];
  let projects: SheetRoles['projects'] = null;
  let about: AboutFacts | null = null;
  const others: BookSheet[] = [];
  const extra: BookSheet[] = [];
  for (const sheet of sheets) {
    const header = findPerRowHeader(sheet.rows, true);
    if (header) {
      indicators.push({
        ...(sheet.name === undefined ? {} : { name: sheet.name }),
        rows: sheet.rows,
        header,
        cycle:
          sheet.name !== undefined && CYCLE_SHEET.test(sheet.name) && !/年度/u.test(sheet.name),
      });
      continue;
    }
    const projectHeader = findProjectHeader(sheet.rows);
    if (projectHeader) {
      if (projects) extra.push(sheet);
      else projects = { name: sheet.name ?? '', rows: sheet.rows, header: projectHeader };
      continue;
    }
    const facts = readAboutSheet(sheet.name ?? '', sheet.rows);
    if (facts) {
      if (about) extra.push(sheet);
      else about = facts;
      continue;
    }
    others.push(sheet);
  }
  const cycleAsAnnual = indicators.length > 0 && indicators.every((s) => s.cycle === true);
  return {
    indicators: cycleAsAnnual ? indicators.map((s) => ({ ...s, cycle: false })) : indicators,
    projects,
    about,
    others,
    extra,
    cycleAsAnnual,
  };
}

/** The columns a sheet has, by role, for comparing sheets. */
function roleSet(header: PerRowHeader): string[] {
  return Object.keys(header.columns).sort();
}

/**
 * Reads the per-row sheets found by sheetRoles as one table. Sheets whose columns differ from
 * the first's are refused rather than read in part: a table read without one of its sheets
 * would lose that sheet's projects without a word in the document.
 */
export function readWorkbookRows(
  roles: SheetRoles,
  options: ReadOptions,
  extraNotes: readonly ImportNote[],
): ImportResult {
  const sheets = roles.indicators;
  const first = sheets.find((s) => s.cycle !== true) ?? sheets[0]!;
  const reason = `${describeWhere(first.header.where)}为其表头，项目与指标在同一行`;
  const want = roleSet(first.header);
  for (const s of sheets) {
    const have = roleSet(s.header);
    if (have.join() === want.join()) continue;
    const lacks = want.filter((r) => !have.includes(r));
    const more = have.filter((r) => !want.includes(r));
    const name = (r: string) => `“${ROLE_NAMES[r as keyof typeof ROLE_NAMES]}”`;
    throw new ImportError(
      s.header.where,
      `按${LAYOUT_NAMES['per-row']}读取（${reason}），无法导入：工作簿中有 ${sheets.length} 个汇总表工作表，工作表“${s.name ?? ''}”的栏目与工作表“${first.name ?? ''}”不同（${[
        lacks.length > 0 ? `没有${lacks.map(name).join('、')}栏` : '',
        more.length > 0 ? `多出${more.map(name).join('、')}栏` : '',
      ]
        .filter((x) => x !== '')
        .join(
          '，',
        )}）；各工作表栏目一致才能合为一张表导入，请统一栏目，或把要导入的工作表另存为单独的工作簿`,
    );
  }
  const book: PerRowBook = {
    sheets,
    projects: roles.projects,
    about: roles.about,
    positional: true,
  };
  let result: ImportResult;
  try {
    result = readPerRowBook(book, options);
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    throw new ImportError(
      e.where,
      `按${LAYOUT_NAMES['per-row']}读取（${reason}），无法导入：${e.detail}`,
    );
  }
  const notes: ImportNote[] = [
    note(
      'info',
      first.rows[0]!.where,
      `按${LAYOUT_NAMES['per-row']}读取（${reason}）；打印格式取为“${perRow.name}”`,
    ),
  ];
  if (roles.cycleAsAnnual) {
    notes.push(
      note(
        'warning',
        first.header.where,
        `工作簿中只有实施期的指标表（${sheets.map((s) => `“${s.name ?? ''}”`).join('、')}），没有年度指标表：其指标值读作年度指标值，实施周期指标值与之相同，请核对`,
      ),
    );
  }
  const annual = sheets.filter((s) => s.cycle !== true);
  if (annual.length > 1) {
    notes.push(
      note(
        'info',
        annual[1]!.header.where,
        `工作簿中 ${annual.length} 个汇总表工作表的栏目一致，合为一张表读取：${annual.map((s) => `“${s.name ?? ''}”`).join('、')}`,
      ),
    );
  }
  return {
    draft: { ...result.draft, printLayout: perRow.id },
    notes: [...notes, ...extraNotes, ...result.notes],
  };
}
