import type { Cents, MoneyUnit } from '../../shared/money.ts';
import type { CellRow, CellSource } from '../cell-rows.ts';
import { parseMoneyCell } from '../money-unit.ts';
import {
  effective,
  projectAmounts,
  reconcile,
  sameVector,
  sumOf,
  type PrintedVector,
  type SummedRow,
} from '../printed-sums.ts';
import { cellWhere } from '../source-where.ts';
import {
  buildTableDraft,
  groupUnits,
  ImportError,
  joinParts,
  note,
  readHeader,
  unitNote,
  type ImportNote,
  type ImportResult,
  type ProjectSource,
  type ReadOptions,
  type SourceLine,
  type Where,
} from '../table-draft.ts';
import { alignUnder, collapseMerged, columnsOf, isCovered } from './form-cells.ts';

/**
 * The Guangzhou 项目支出绩效目标表 (templates/layout/official.ts) as a workbook's cells: the
 * title row, the `部门名称：… 单位：万元` row, the header row 项目名称（资金使用单位）| 总计 |
 * 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标, 合计, then each unit's row and its
 * projects' rows, every amount in its column (a number, or a number typed as text) and the
 * 绩效指标 in the published notation. Read like the PDF by position (published-pdf.ts): the
 * title, units, goals and notation go to table-draft.ts, the sums to printed-sums.ts.
 */

/**
 * The header row's cells run together, as extraction and the sheet both may give it; 总计 may
 * state the unit (`总计（万元）`).
 */
export const PUBLISHED_HEADER =
  /项目名称[（(]资金使用单位[)）]总计(?:[（(][^（()）]{0,8}[)）])?财政拨款/u;

/** Rows searched for the header row: the title, the 部门名称 line and a blank row or two. */
const HEADER_ROWS = 12;

/** Each column: how its header cell starts, and its name in messages. */
const COLUMNS = [
  ['name', /^项目名称/u, '项目名称（资金使用单位）'],
  ['total', /^总计/u, '总计'],
  ['fiscal', /^财政拨款/u, '财政拨款'],
  ['specialAccount', /^财政专户/u, '财政专户拨款'],
  ['other', /^其他资金/u, '其他资金'],
  ['goal', /^绩效目标/u, '绩效目标'],
  ['indicators', /^绩效指标/u, '绩效指标'],
] as const;
type Column = (typeof COLUMNS)[number][0];

const compact = (text: string) => text.replace(/\s+/gu, '');

/** The header row among a sheet's first rows, if the sheet is this table. */
export function findPublishedHeader(rows: readonly CellRow[]): number {
  return rows
    .slice(0, HEADER_ROWS)
    .findIndex((r) => PUBLISHED_HEADER.test(compact(r.cells.join(''))));
}

interface Row extends SummedRow {
  /** The 绩效目标 cell, and its pieces in the rows it went on in. */
  readonly goal: readonly SourceLine[];
  readonly indicators: readonly SourceLine[];
}

export function readPublishedCells(source: CellSource, options: ReadOptions = {}): ImportResult {
  const notes: ImportNote[] = [];
  const rows = collapseMerged(source.rows).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const at = findPublishedHeader(rows);
  if (at < 0) {
    throw new ImportError(
      rows[0]?.where ?? { line: 1 },
      '找不到表头行“项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标”',
    );
  }
  const head = rows[at]!;
  const columns = columnsOfHeader(head);
  const lines = rows
    .slice(0, at + 1)
    .map((r) => ({ text: r.cells.filter((c) => c.trim() !== '').join(' '), where: r.where }));
  const header = readHeader(lines, rows[0]!.where, options);
  const said = unitNote(header, rows[0]!.where);
  if (said) notes.push(said);
  const money = header.unit;

  const starts = columnsOf(head);
  const headText = compact(head.cells.join(''));
  const body = rows
    .slice(at + 1)
    .filter((r) => compact(r.cells.join('')) !== headText)
    .map((r) => (starts ? alignUnder(r, starts) : r));
  const sheet = head.where.sheet;
  const another = body.find((r) => r.where.sheet !== sheet);
  if (another) {
    throw new ImportError(
      another.where,
      `工作簿中还有一张项目支出绩效目标表（工作表“${another.where.sheet ?? ''}”）：一次只能导入一张，请把它另存为单独的工作簿后分别导入`,
    );
  }
  const read = joinContinued(body, columns, money);
  const [first, ...rest] = read;
  if (!first || first.name !== '合计') {
    throw new ImportError(first?.where ?? head.where, '找不到“合计”行：表头下的第一行应为“合计”');
  }
  const classified = classify(rest, notes, money);
  const units = groupUnits(classified);
  reconcile({ ...first, kind: 'total' }, units, notes, money);
  const sources = units.map((u) => ({
    name: u.row.name,
    projects: u.projects.map((p): ProjectSource => ({
      name: p.name,
      where: p.where,
      amounts: projectAmounts(p, notes, money),
      goal: joinParts(p.goal, p.goal[0]!.where),
      indicators: joinParts(p.indicators, p.indicators[0]!.where),
    })),
  }));
  return { draft: buildTableDraft(header, sources, notes), notes };
}

function columnsOfHeader(head: CellRow): Readonly<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  head.cells.forEach((cell, i) => {
    const role = COLUMNS.find(([, re]) => re.test(compact(cell)))?.[0];
    if (role !== undefined && found[role] === undefined) found[role] = i;
  });
  const missing = COLUMNS.filter(([role]) => found[role] === undefined);
  if (missing.length > 0) {
    throw new ImportError(head.where, `表头行缺少栏目：${missing.map((m) => m[2]).join('、')}`);
  }
  return found as Record<Column, number>;
}

/** The place of a row's cell of a column: its sheet column in a workbook. */
function placeOf(row: CellRow, index: number): Where {
  const columns = columnsOf(row);
  return cellWhere(row.where, columns?.[index] ?? index);
}

type RowRead = Omit<Row, 'kind'>;

function readRow(
  row: CellRow,
  columns: Readonly<Record<Column, number>>,
  money: MoneyUnit,
): RowRead {
  const text = (c: Column) => (row.cells[columns[c]] ?? '').trim();
  // A name broken by hand in its cell (Alt+Enter) is one name.
  const name = text('name').replace(/\s*\n\s*/gu, '');
  const amount = (c: Column) => readAmount(text(c), placeOf(row, columns[c]), money);
  const printed: PrintedVector = [
    amount('total'),
    amount('fiscal'),
    amount('specialAccount'),
    amount('other'),
  ];
  if (name === '')
    throw new ImportError(placeOf(row, columns.name), '表格中有一行没有项目或单位名称');
  return {
    name: name.replace(/^合\s*计$/u, '合计'),
    where: row.where,
    printed,
    goal: [{ text: text('goal'), where: placeOf(row, columns.goal) }],
    indicators: [{ text: text('indicators'), where: placeOf(row, columns.indicators) }],
  };
}

/** The text columns a row continued in the rows below may go on in. */
const CONTINUED: readonly Column[] = ['goal', 'indicators'];

/**
 * The rows read, a row split over several sheet rows joined again: an exporter that cannot make
 * a sheet row tall enough for a project's 绩效指标 goes on with it in the rows below, its name
 * and amounts merged down over them. Such a row's name is a covered cell; its pieces are joined
 * as they were cut (the notation needs nothing between them).
 */
function joinContinued(
  body: readonly CellRow[],
  columns: Readonly<Record<Column, number>>,
  money: MoneyUnit,
): RowRead[] {
  const out: RowRead[] = [];
  for (const row of body) {
    if (!isCovered(row, columns.name)) {
      out.push(readRow(row, columns, money));
      continue;
    }
    const prev = out[out.length - 1];
    if (!prev) {
      throw new ImportError(row.where, '表头下的第一行是上面合并单元格的续行，找不到它所属的行');
    }
    const stray = (Object.keys(columns) as Column[]).find(
      (c) => !CONTINUED.includes(c) && (row.cells[columns[c]] ?? '').trim() !== '',
    );
    if (stray !== undefined) {
      throw new ImportError(
        placeOf(row, columns[stray]),
        `“${prev.name}”的续行（名称与上一行合并）在“${COLUMNS.find(([c]) => c === stray)![2]}”栏中另有内容“${(row.cells[columns[stray]] ?? '').trim().slice(0, 20)}”，无法确定属于哪一行`,
      );
    }
    const piece = (c: 'goal' | 'indicators') => {
      const text = (row.cells[columns[c]] ?? '').trim();
      return text === '' ? [] : [{ text, where: placeOf(row, columns[c]) }];
    };
    out[out.length - 1] = {
      ...prev,
      goal: [...prev.goal, ...piece('goal')],
      indicators: [...prev.indicators, ...piece('indicators')],
    };
  }
  return out;
}

const NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/u;

function readAmount(text: string, where: Where, money: MoneyUnit): Cents {
  if (text === '' || /^[-—－/／]$/u.test(text)) return 0 as Cents;
  const amount = parseMoneyCell(text, money);
  if (amount !== null) return amount;
  if (NUMBER.test(text)) {
    throw new ImportError(
      where,
      `金额“${text}”的小数超出了一分（${money === '元' ? '元保留 2 位小数' : '万元最多 6 位小数'}），无法精确导入；请在表格中把金额四舍五入到分后再导入`,
    );
  }
  throw new ImportError(where, `金额栏中的“${text}”不是金额`);
}

const ZERO: PrintedVector = [0 as Cents, 0 as Cents, 0 as Cents, 0 as Cents];

/**
 * Units and projects. A sheet keeps no indentation the readers see (the printed table indents
 * its projects), so a row is told by what it holds: a project prints its 绩效目标 or 绩效指标, a
 * unit's row neither. A row with neither is a project only when its unit's row still needs it
 * to add up; one with no amount either cannot be told, and is said.
 */
function classify(rows: readonly RowRead[], notes: ImportNote[], money: MoneyUnit): Row[] {
  const out: Row[] = [];
  let unit: Row | null = null;
  let sum: PrintedVector = ZERO;
  for (const r of rows) {
    if (r.name === '合计') throw new ImportError(r.where, '“合计”行重复出现');
    const hasText = [...r.goal, ...r.indicators].some((l) => l.text !== '');
    let kind: Row['kind'];
    if (hasText || unit === null) {
      kind = hasText ? 'project' : 'unit';
    } else {
      const next = sumOf([sum, effective({ ...r, kind: 'project' }, money)]);
      const short = !sameVector(sum, unit.printed);
      const fits = next.every((x, i) => x <= unit!.printed[i]!);
      if (short && fits && !sameVector(r.printed, ZERO)) {
        kind = 'project';
        notes.push(
          note(
            'info',
            r.where,
            `“${r.name}”没有绩效目标和绩效指标；其金额属于资金使用单位“${unit.name}”的小计，按该单位的项目导入`,
          ),
        );
      } else {
        kind = 'unit';
        if (sameVector(r.printed, ZERO) && !short) {
          notes.push(
            note(
              'warning',
              r.where,
              `“${r.name}”一行没有金额、绩效目标和绩效指标，工作表中看不出它是资金使用单位还是项目；按资金使用单位导入，如是项目请在编辑器中移到所属单位下`,
            ),
          );
        }
      }
    }
    const row: Row = { ...r, kind };
    if (kind === 'unit') {
      unit = row;
      sum = ZERO;
    } else {
      sum = sumOf([sum, effective(row, money)]);
    }
    out.push(row);
  }
  return out;
}
