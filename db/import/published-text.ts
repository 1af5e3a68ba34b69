import { UserError } from '../shared/errors.ts';
import type { Cents, MoneyUnit } from '../shared/money.ts';
import {
  placements,
  SOURCE_COLUMNS,
  SOURCE_LABEL,
  solveGroup,
  toAmounts,
  type AmountVector,
  type PrintedRow,
} from './amount-columns.ts';
import { removeExtractionSpaces } from './cjk-spaces.ts';
import { findIndicatorStart } from './indicator-notation.ts';
import { parseMoneyCell } from './money-unit.ts';
import { listSome } from './source-where.ts';
import {
  buildTableDraft,
  fmt,
  groupUnits,
  ImportError,
  joinLines,
  PAGE_FURNITURE,
  readDepartmentLine,
  readHeader,
  unitNote,
  type Header,
  type HeaderOptions,
  type ImportNote,
  type ImportResult,
  type Joined,
  type ProjectSource,
  type TableRow,
  type UnitRows,
  type Where,
} from './table-draft.ts';

export { ImportError, type ImportNote, type ImportResult } from './table-draft.ts';

/**
 * Reads a published 项目支出绩效目标表 as text copied or extracted from its PDF (see
 * ../shared/fixtures/panyu-2024-published.txt): broken lines, stray spaces, lost empty cells.
 *
 * The text is a sequence of rows. A row is a name followed by amounts (总计 then the non-empty
 * sources), sometimes with the name broken over several lines and the amounts on a line of their
 * own. 合计 comes first; a 资金使用单位 row is flush left; its projects are indented and each is
 * followed by its 绩效目标 and then its 绩效指标 in the published notation. Once the rows are
 * found and the amounts placed, table-draft.ts makes the draft (as for a PDF).
 */

interface Line {
  readonly no: number;
  readonly text: string;
  readonly indented: boolean;
  readonly where: Where;
}

interface Row extends TableRow {
  /** First line of the row's name (where it is reported). */
  readonly line: number;
  readonly printed: PrintedRow;
  /** Lines after the row up to the next row: 绩效目标 and 绩效指标 of a project. */
  readonly body: Line[];
}

/** An amount as the table prints it: 万元 with 2 to 6 decimals (the document's setting), or 元 with 2. */
const AMOUNT_TOKEN = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2,6}$/;
const HEADER_ROW = '项目名称（资金使用单位）总计财政拨款财政专户拨款其他资金绩效目标绩效指标';
const MAX_NAME_LINES = 4;
const ZERO_ROW: PrintedRow = { total: 0 as Cents, sources: [] };

/** A project name: short, not a sentence, not the indicator notation. */
function looksLikeName(text: string): boolean {
  return (
    text.length <= 60 && !/[。；;]$/u.test(text) && !/指标值\s*[:：]|\d+、\s*\d+\s*-/u.test(text)
  );
}

/** Options of a reader: the money unit when the table does not state it (`--unit`). */
export type ReadOptions = HeaderOptions;

export function importPublishedText(input: string, options: ReadOptions = {}): ImportResult {
  const notes: ImportNote[] = [];
  const lines = toLines(input);
  if (lines.length === 0) throw new UserError('文本为空，没有可导入的内容');

  const header = readHeader(lines, { line: 1 }, options);
  const said = unitNote(header, lines[0]!.where);
  if (said) notes.push(said);
  const content = lines.filter((l) => !isFurniture(l, header));
  const rows = findRows(content, notes, header.unit);
  const [first, ...rest] = rows;
  if (!first || first.kind !== 'total') {
    throw new ImportError(
      first?.line ?? content[0]?.no ?? 1,
      '找不到“合计”行：表格应以“合计 总计金额 …”开始',
    );
  }
  const units = groupUnits(rest);
  const { amounts, doubts } = inferAmounts(first, units, notes, header.unit);
  const sources = units.map((u, ui) => ({
    name: u.row.name,
    projects: u.projects.map((p, pi): ProjectSource => ({
      ...splitBody(p),
      name: p.name,
      where: p.where,
      amounts: toAmounts(amounts[ui]![pi]!),
      amountDoubt: doubts[ui]![pi] ?? null,
    })),
  }));
  return { draft: buildTableDraft(header, sources, notes), notes };
}

// ---- lines ---------------------------------------------------------------------------------

function toLines(input: string): Line[] {
  const lines: Line[] = [];
  input
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const text = raw.replaceAll('\f', '').trimEnd();
      if (text.trim() === '') return;
      lines.push({
        no: i + 1,
        text: text.trim(),
        indented: /^[ \t\u3000\u00a0]/u.test(text),
        where: { line: i + 1 },
      });
    });
  return lines;
}

function isFurniture(line: Line, header: Header): boolean {
  const compact = line.text.replace(/\s+/gu, '');
  if (compact === HEADER_ROW) return true;
  if (compact.startsWith('部门名称') && readDepartmentLine(line.text)) return true;
  if (compact === header.title.replace(/\s+/gu, '')) return true;
  if (compact.includes('项目支出绩效目标表') && compact.includes(String(header.year))) return true;
  return PAGE_FURNITURE.some((re) => re.test(line.text));
}

// ---- rows ----------------------------------------------------------------------------------

interface SplitRow {
  readonly name: string;
  readonly printed: PrintedRow;
}

/**
 * Splits `培训经费 38.41 38.41` into name and amounts. A row has its 总计 followed by at least one
 * source, and the sources add up to the 总计: that is what tells a row from a sentence that
 * happens to end in numbers.
 */
function splitRow(text: string, unit: MoneyUnit): SplitRow | undefined {
  const tokens = text.split(/\s+/u);
  const amounts: Cents[] = [];
  // Five amounts are already too many for a row: stop there (a line of thousands of numbers
  // would otherwise be read, and shifted, number by number).
  while (tokens.length && amounts.length <= 4 && AMOUNT_TOKEN.test(tokens[tokens.length - 1]!)) {
    // `1.234` in a table in 元 names a part of a 分: not an amount of this table.
    const amount = parseMoneyCell(tokens[tokens.length - 1]!, unit);
    if (amount === null) break;
    tokens.pop();
    amounts.unshift(amount);
  }
  if (amounts.length < 2 || amounts.length > 4) return undefined;
  const [total, ...sources] = amounts as [Cents, ...Cents[]];
  if (sources.reduce((a, b) => a + b, 0) !== total) return undefined;
  return { name: tokens.join(' '), printed: { total, sources } };
}

interface RawRow {
  readonly nameLines: Line[];
  readonly split: SplitRow;
  readonly amountLineIndex: number;
}

function findRows(content: Line[], notes: ImportNote[], unit: MoneyUnit): Row[] {
  const raw: RawRow[] = [];
  const claimed = new Set<number>();
  content.forEach((line, i) => {
    const split = splitRow(line.text, unit);
    if (!split) return;
    const nameLines: Line[] = [];
    if (split.name !== '') {
      nameLines.push(line);
    } else {
      // Amounts on their own line: the name is the few lines above, back to the indented
      // line where a project name starts, or to the `。` that ends the previous project.
      for (let j = i - 1; j >= 0 && nameLines.length < MAX_NAME_LINES; j--) {
        const prev = content[j]!;
        if (claimed.has(j) || splitRow(prev.text, unit)) break;
        if (!prev.indented && /[。；;]$/u.test(prev.text)) break;
        nameLines.unshift(prev);
        claimed.add(j);
        if (prev.indented) break;
      }
      if (nameLines.length === 0) {
        throw new ImportError(line.no, `金额“${line.text}”前找不到项目或单位名称`);
      }
    }
    claimed.add(i);
    raw.push({ nameLines, split, amountLineIndex: i });
  });

  const anyIndented = raw.some((r) => r.nameLines[0]!.indented);
  if (anyIndented) {
    // A project whose amounts are all zero prints no amount at all: in an indented table it is
    // an indented line of its own that no row claimed. Without this it would silently become
    // part of the previous project's text.
    content.forEach((line, i) => {
      if (!line.indented || claimed.has(i) || !looksLikeName(line.text)) return;
      raw.push({
        nameLines: [line],
        split: { name: line.text, printed: ZERO_ROW },
        amountLineIndex: i,
      });
      notes.push({
        severity: 'warning',
        line: line.no,
        message: `“${removeExtractionSpaces(line.text)}”没有金额，按金额为 0 的项目导入；如名称不完整请在编辑器中补全`,
      });
    });
    raw.sort((a, b) => a.amountLineIndex - b.amountLineIndex);
  }
  const indexOf = new Map(content.map((line, i) => [line, i]));
  return raw.map((r, k) => {
    const bodyStart = r.amountLineIndex + 1;
    const next = raw[k + 1];
    const bodyEnd = next ? indexOf.get(next.nameLines[0]!)! : content.length;
    const body = content.slice(bodyStart, bodyEnd);
    const first = r.nameLines[0]!;
    const name = removeExtractionSpaces(
      r.split.name !== '' ? r.split.name : r.nameLines.map((l) => l.text).join(''),
    );
    const kind: Row['kind'] =
      k === 0 && name === '合计'
        ? 'total'
        : anyIndented
          ? first.indented
            ? 'project'
            : 'unit'
          : body.length > 0
            ? 'project'
            : 'unit';
    if (kind === 'unit' && body.length > 0) {
      notes.push({
        severity: 'warning',
        line: body[0]!.no,
        message: `资金使用单位“${name}”一行之后有不属于任何项目的文字（第 ${body[0]!.no}–${body[body.length - 1]!.no} 行），已忽略`,
      });
    }
    return { kind, name, line: first.no, where: first.where, printed: r.split.printed, body };
  });
}

// ---- amounts -------------------------------------------------------------------------------

/** The placement of every project's sources, [unit][project], reconciled where possible. */
function inferAmounts(
  total: Row,
  units: UnitRows<Row>[],
  notes: ImportNote[],
  money: MoneyUnit,
): { amounts: AmountVector[][]; doubts: (string | undefined)[][] } {
  const result: AmountVector[][] = [];
  // Per project, the warning when the sums could not decide its columns: kept on the project.
  const doubts: (string | undefined)[][] = [];
  const unitOptions: AmountVector[][] = [];
  const unitSolutions: Map<AmountVector, number[]>[] = [];
  const assumedFiscal: number[] = [];
  let unitAmbiguous = false;

  for (const unit of units) {
    const projectOptions = unit.projects.map((p) => placements(p.printed));
    const solutions = new Map<AmountVector, number[]>();
    const feasible: AmountVector[] = [];
    let ambiguous = false;
    for (const u of placements(unit.row.printed)) {
      const s = solveGroup(u, projectOptions);
      if (s) {
        feasible.push(u);
        solutions.set(u, [...s.choice]);
        ambiguous ||= s.ambiguous;
      }
    }
    if (feasible.length === 0) {
      const sum = unit.projects.reduce((a, p) => a + p.printed.total, 0);
      notes.push({
        severity: 'warning',
        line: unit.row.line,
        message: `资金使用单位“${unit.row.name}”的总计 ${fmt(unit.row.printed.total, money)} 与其项目之和 ${fmt(sum as Cents, money)} 不一致；按各项目金额导入，单位小计由项目重新计算`,
      });
      const fallback = placements(unit.row.printed)[0]!;
      feasible.push(fallback);
      solutions.set(
        fallback,
        projectOptions.map(() => 0),
      );
    } else {
      unitAmbiguous ||= ambiguous;
    }
    unitOptions.push(feasible);
    unitSolutions.push(solutions);
  }

  // Every placement of 合计 that some reading of the units adds up to; more than one (or more
  // than one reading below it) means the text cannot decide, and the preferred one is taken.
  let chosenUnits: AmountVector[] | undefined;
  let chosenTotal: AmountVector | undefined;
  let ambiguous = unitAmbiguous;
  for (const t of placements(total.printed)) {
    const s = solveGroup(t, unitOptions);
    if (!s) continue;
    if (chosenUnits) {
      ambiguous = true;
      break;
    }
    chosenUnits = unitOptions.map((opts, i) => opts[s.choice[i]!]!);
    chosenTotal = t;
    ambiguous ||= s.ambiguous;
  }
  if (!chosenUnits) {
    const sum = units.reduce((a, u) => a + u.row.printed.total, 0);
    notes.push({
      severity: 'warning',
      line: total.line,
      message: `合计 ${fmt(total.printed.total, money)} 与各资金使用单位之和 ${fmt(sum as Cents, money)} 不一致；合计由项目金额重新计算`,
    });
    chosenUnits = unitOptions.map((opts) => opts[0]!);
  }

  if (chosenTotal) {
    reportPlacement(
      total,
      placements(total.printed),
      chosenTotal,
      ambiguous,
      notes,
      assumedFiscal,
      money,
    );
  }
  units.forEach((unit, ui) => {
    const choice = unitSolutions[ui]!.get(chosenUnits[ui]!)!;
    reportPlacement(
      unit.row,
      placements(unit.row.printed),
      chosenUnits[ui]!,
      ambiguous,
      notes,
      assumedFiscal,
      money,
    );
    const unitDoubts: (string | undefined)[] = [];
    result.push(
      unit.projects.map((p, pi) => {
        const options = placements(p.printed);
        const chosen = options[choice[pi]!]!;
        unitDoubts.push(
          reportPlacement(p, options, chosen, ambiguous, notes, assumedFiscal, money),
        );
        return chosen;
      }),
    );
    doubts.push(unitDoubts);
  });
  if (assumedFiscal.length > 0) {
    notes.push({
      severity: 'info',
      line: assumedFiscal[0]!,
      message: `${assumedFiscal.length} 行只列出部分资金来源（空白金额在提取的文字中消失），经与小计、合计核对，判定为财政拨款：${listSome(assumedFiscal.map((n) => `第 ${n} 行`))}`,
    });
  }
  return { amounts: result, doubts };
}

/**
 * Reports every placement that was inferred rather than read (a row printing fewer than three
 * sources). When the sums allowed more than one reading, a non-fiscal placement is named with its
 * alternatives as a warning: the clerk must confirm it.
 */
function reportPlacement(
  row: Row,
  options: AmountVector[],
  chosen: AmountVector,
  ambiguous: boolean,
  notes: ImportNote[],
  assumedFiscal: number[],
  money: MoneyUnit,
): string | undefined {
  if (options.length <= 1) return undefined;
  const describe = (v: AmountVector) =>
    SOURCE_COLUMNS.map((col, c) => ({ col, v: v[c]! }))
      .filter((x) => x.v !== 0)
      .map((x) => `${fmt(x.v, money)} 为${SOURCE_LABEL[x.col]}`)
      .join('，');
  const onlyFiscal = chosen[1] === 0 && chosen[2] === 0;
  if (onlyFiscal) {
    assumedFiscal.push(row.line);
    return undefined;
  }
  // Readings that agree on 财政拨款 but swap the other two columns: the sums cannot tell those apart.
  const alternatives = ambiguous
    ? options.filter((o) => o[0] === chosen[0] && (o[1] !== chosen[1] || o[2] !== chosen[2]))
    : [];
  const printed = [row.printed.total, ...row.printed.sources].map((c) => fmt(c, money)).join(' ');
  notes.push({
    severity: alternatives.length ? 'warning' : 'info',
    line: row.line,
    message:
      `“${row.name}”的金额（${printed}）未标明所属列，经与小计、合计核对，判定：${describe(chosen)}` +
      (alternatives.length
        ? `；合计同样符合“${alternatives.map(describe).join('”或“')}”的读法，已按更常见的读法导入，请核对`
        : ''),
  });
  if (alternatives.length === 0) return undefined;
  // What stays on the project until the clerk decides (see ProjectData.amountDoubt).
  return `原表未标明金额（${printed}）所属的列，导入时判定 ${describe(chosen)}，也可能是 ${alternatives.map(describe).join('，或 ')}`;
}

// ---- project body --------------------------------------------------------------------------

/** A project's lines after its row: its 绩效目标, then its 绩效指标 from the first `1、`. */
function splitBody(row: Row): Pick<ProjectSource, 'goal' | 'indicators'> {
  // A page break inside a project repeats its name as `{项目名称}（续）`: not content.
  const continued = `${row.name}（续）`;
  const body: Joined = joinLines(
    row.body.filter((l) => removeExtractionSpaces(l.text) !== continued),
  );
  const start = findIndicatorStart(body.text);
  if (start < 0) {
    if (row.body.length > 0 && /实施周期指标值|年度指标值/u.test(body.text)) {
      throw new ImportError(row.body[0]!.no, `项目“${row.name}”的绩效指标无法识别`);
    }
    return { goal: body, indicators: body.slice(body.text.length) };
  }
  return { goal: body.slice(0, start), indicators: body.slice(start) };
}
