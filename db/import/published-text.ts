import { UserError } from '../errors.ts';
import { tryParseAmount, type Cents } from '../money.ts';
import { standardTitle } from '../totals.ts';
import { builtInTrees, TreeIndex, type CategoryTree } from '../tree.ts';
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
import type { DraftIndicator, DraftProject, DraftUnit, TableDraft } from './draft.ts';
import {
  findIndicatorStart,
  NotationError,
  parseIndicatorList,
  type NotationIndicator,
} from './indicator-notation.ts';

/**
 * Reads a published 项目支出绩效目标表 as text copied or extracted from its PDF (see
 * ../shared/fixtures/panyu-2024-published.txt): broken lines, stray spaces, lost empty cells.
 *
 * The text is a sequence of rows. A row is a name followed by amounts (总计 then the non-empty
 * sources), sometimes with the name broken over several lines and the amounts on a line of their
 * own. 合计 comes first; a 资金使用单位 row is flush left; its projects are indented and each is
 * followed by its 绩效目标 and then its 绩效指标 in the published notation.
 */

export interface ImportNote {
  readonly severity: 'info' | 'warning';
  /** 1-based line of the source text. */
  readonly line: number;
  readonly message: string;
}

export interface ImportResult {
  readonly draft: TableDraft;
  readonly notes: readonly ImportNote[];
}

/** A problem that makes the text unreadable: the import stops and writes nothing. */
export class ImportError extends UserError {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`第 ${line} 行：${detail}`);
  }
}

interface Line {
  readonly no: number;
  readonly text: string;
  readonly indented: boolean;
}

interface Row {
  readonly kind: 'total' | 'unit' | 'project';
  readonly name: string;
  /** First line of the row's name (where it is reported). */
  readonly line: number;
  readonly printed: PrintedRow;
  /** Lines after the row up to the next row: 绩效目标 and 绩效指标 of a project. */
  readonly body: Line[];
}

const AMOUNT_TOKEN = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}$/;
const TITLE = /^(.*?)\s*(\d{4})\s*年度?\s*项目支出绩效目标表/u;
const DEPARTMENT = /^部门名称\s*[:：]\s*(.+?)\s*(?:单位\s*[:：]\s*(\S+))?\s*$/u;
const HEADER_ROW = '项目名称（资金使用单位）总计财政拨款财政专户拨款其他资金绩效目标绩效指标';
const PAGE_FURNITURE = [
  /^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$/u,
  /^-\s*\d+\s*-$/u,
  /^\d+\s*\/\s*\d+$/u,
];
const MAX_NAME_LINES = 4;
const ZERO_ROW: PrintedRow = { total: 0 as Cents, sources: [] };

/** A project name: short, not a sentence, not the indicator notation. */
function looksLikeName(text: string): boolean {
  return (
    text.length <= 60 && !/[。；;]$/u.test(text) && !/指标值\s*[:：]|\d+、\s*\d+\s*-/u.test(text)
  );
}

export function importPublishedText(input: string): ImportResult {
  const notes: ImportNote[] = [];
  const lines = toLines(input);
  if (lines.length === 0) throw new UserError('文本为空，没有可导入的内容');

  const header = readHeader(lines);
  const content = lines.filter((l) => !isFurniture(l, header));
  const rows = findRows(content, notes);
  const [first, ...rest] = rows;
  if (!first || first.kind !== 'total') {
    throw new ImportError(
      first?.line ?? content[0]?.no ?? 1,
      '找不到“合计”行：表格应以“合计 总计金额 …”开始',
    );
  }
  const units = groupUnits(rest);
  const tree = chooseTree(units);
  const index = new TreeIndex(tree);
  const amounts = inferAmounts(first, units, notes);

  const draftUnits: DraftUnit[] = units.map((u, ui) => ({
    name: u.row.name,
    projects: u.projects.map((p, pi) => ({
      ...readProjectBody(p, index, notes),
      name: p.name,
      amounts: toAmounts(amounts[ui]![pi]!),
    })),
  }));

  const title =
    header.title === standardTitle(header.department, header.year) ? null : header.title;
  return {
    draft: { department: header.department, year: header.year, title, tree, units: draftUnits },
    notes,
  };
}

// ---- lines ---------------------------------------------------------------------------------

function toLines(input: string): Line[] {
  const lines: Line[] = [];
  input
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const text = raw.replaceAll('\f', '').replace(/\s+$/u, '');
      if (text.trim() === '') return;
      lines.push({ no: i + 1, text: text.trim(), indented: /^[ \t\u3000\u00a0]/u.test(text) });
    });
  return lines;
}

interface Header {
  readonly department: string;
  readonly year: number;
  readonly title: string;
}

function readHeader(lines: Line[]): Header {
  const head = lines.slice(0, 8);
  let title: string | undefined;
  let year: number | undefined;
  let titleDepartment: string | undefined;
  // The title may itself be broken over two lines.
  for (let i = 0; i < head.length && title === undefined; i++) {
    for (const text of [head[i]!.text, head[i]!.text + (head[i + 1]?.text ?? '')]) {
      const m = TITLE.exec(text.replace(/\s+(?=\d{4})/u, ' '));
      if (m) {
        title = normalizeTitle(text);
        year = Number(m[2]);
        titleDepartment = removeExtractionSpaces(m[1]!);
        break;
      }
    }
  }
  const deptLine = head.find((l) => DEPARTMENT.test(l.text));
  const dm = deptLine ? DEPARTMENT.exec(deptLine.text) : null;
  const department = dm ? removeExtractionSpaces(dm[1]!) : titleDepartment;
  if (dm?.[2] && dm[2] !== '万元') {
    throw new ImportError(deptLine!.no, `金额单位为“${dm[2]}”；目前只支持单位为万元的表格`);
  }
  if (year === undefined || title === undefined) {
    throw new ImportError(
      lines[0]!.no,
      '找不到表格标题（应为“{部门名称} {年度}年项目支出绩效目标表…”），无法确定预算年度',
    );
  }
  if (!department) {
    throw new ImportError(lines[0]!.no, '找不到部门名称（标题或“部门名称：…”一行）');
  }
  return { department, year, title };
}

/** The standard title has one space between department and year; extraction may add more. */
function normalizeTitle(text: string): string {
  const m = TITLE.exec(text);
  if (!m) return text;
  const rest = removeExtractionSpaces(text.slice(m[0].length));
  return `${removeExtractionSpaces(m[1]!)} ${m[2]}年项目支出绩效目标表${rest}`;
}

function isFurniture(line: Line, header: Header): boolean {
  const compact = line.text.replace(/\s+/gu, '');
  if (compact === HEADER_ROW) return true;
  if (compact.startsWith('部门名称') && DEPARTMENT.test(line.text)) return true;
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
function splitRow(text: string): SplitRow | undefined {
  const tokens = text.split(/\s+/u);
  const amounts: Cents[] = [];
  while (tokens.length && AMOUNT_TOKEN.test(tokens[tokens.length - 1]!)) {
    amounts.unshift(tryParseAmount(tokens.pop()!)!);
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

function findRows(content: Line[], notes: ImportNote[]): Row[] {
  const raw: RawRow[] = [];
  const claimed = new Set<number>();
  content.forEach((line, i) => {
    const split = splitRow(line.text);
    if (!split) return;
    const nameLines: Line[] = [];
    if (split.name !== '') {
      nameLines.push(line);
    } else {
      // Amounts on their own line: the name is the few lines above, back to the indented
      // line where a project name starts, or to the `。` that ends the previous project.
      for (let j = i - 1; j >= 0 && nameLines.length < MAX_NAME_LINES; j--) {
        const prev = content[j]!;
        if (claimed.has(j) || splitRow(prev.text)) break;
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
  return raw.map((r, k) => {
    const bodyStart = r.amountLineIndex + 1;
    const next = raw[k + 1];
    const bodyEnd = next ? content.indexOf(next.nameLines[0]!) : content.length;
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
    return { kind, name, line: first.no, printed: r.split.printed, body };
  });
}

interface UnitRows {
  readonly row: Row;
  readonly projects: Row[];
}

function groupUnits(rows: Row[]): UnitRows[] {
  const units: UnitRows[] = [];
  for (const row of rows) {
    if (row.kind === 'total') {
      throw new ImportError(row.line, '“合计”行重复出现');
    }
    if (row.kind === 'unit') {
      units.push({ row, projects: [] });
    } else {
      const unit = units[units.length - 1];
      if (!unit) {
        throw new ImportError(row.line, `项目“${row.name}”之前没有资金使用单位行`);
      }
      unit.projects.push(row);
    }
  }
  if (units.length === 0) {
    throw new ImportError(rows[0]?.line ?? 1, '表格中没有资金使用单位');
  }
  return units;
}

// ---- amounts -------------------------------------------------------------------------------

/** The placement of every project's sources, [unit][project], reconciled where possible. */
function inferAmounts(total: Row, units: UnitRows[], notes: ImportNote[]): AmountVector[][] {
  const result: AmountVector[][] = [];
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
        message: `资金使用单位“${unit.row.name}”的总计 ${fmt(unit.row.printed.total)} 与其项目之和 ${fmt(sum)} 不一致；按各项目金额导入，单位小计由项目重新计算`,
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
      message: `合计 ${fmt(total.printed.total)} 与各资金使用单位之和 ${fmt(sum)} 不一致；合计由项目金额重新计算`,
    });
    chosenUnits = unitOptions.map((opts) => opts[0]!);
  }

  if (chosenTotal) {
    reportPlacement(total, placements(total.printed), chosenTotal, ambiguous, notes, assumedFiscal);
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
    );
    result.push(
      unit.projects.map((p, pi) => {
        const options = placements(p.printed);
        const chosen = options[choice[pi]!]!;
        reportPlacement(p, options, chosen, ambiguous, notes, assumedFiscal);
        return chosen;
      }),
    );
  });
  if (assumedFiscal.length > 0) {
    notes.push({
      severity: 'info',
      line: assumedFiscal[0]!,
      message: `${assumedFiscal.length} 行只列出部分资金来源（空白金额在提取的文字中消失），经与小计、合计核对，判定为财政拨款：第 ${assumedFiscal.join('、')} 行`,
    });
  }
  return result;
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
): void {
  if (options.length <= 1) return;
  const describe = (v: AmountVector) =>
    SOURCE_COLUMNS.map((col, c) => ({ col, v: v[c]! }))
      .filter((x) => x.v !== 0)
      .map((x) => `${fmt(x.v)} 为${SOURCE_LABEL[x.col]}`)
      .join('，');
  const onlyFiscal = chosen[1] === 0 && chosen[2] === 0;
  if (onlyFiscal) {
    assumedFiscal.push(row.line);
    return;
  }
  // Readings that agree on 财政拨款 but swap the other two columns: the sums cannot tell those apart.
  const alternatives = ambiguous
    ? options.filter((o) => o[0] === chosen[0] && (o[1] !== chosen[1] || o[2] !== chosen[2]))
    : [];
  const printed = [row.printed.total, ...row.printed.sources].map(fmt).join(' ');
  notes.push({
    severity: alternatives.length ? 'warning' : 'info',
    line: row.line,
    message:
      `“${row.name}”的金额（${printed}）未标明所属列，经与小计、合计核对，判定：${describe(chosen)}` +
      (alternatives.length
        ? `；合计同样符合“${alternatives.map(describe).join('”或“')}”的读法，已按更常见的读法导入，请核对`
        : ''),
  });
}

function fmt(c: number): string {
  return (c / 100).toFixed(2);
}

// ---- project body --------------------------------------------------------------------------

interface Joined {
  readonly text: string;
  lineAt(offset: number): number;
}

/** Joins broken lines (Chinese text is written without spaces between lines). */
function join(lines: Line[]): Joined {
  const starts: number[] = [];
  let text = '';
  for (const l of lines) {
    starts.push(text.length);
    text += l.text;
  }
  return {
    text,
    lineAt(offset) {
      let k = 0;
      while (k + 1 < starts.length && starts[k + 1]! <= offset) k++;
      return lines[k]?.no ?? 0;
    },
  };
}

function readProjectBody(
  row: Row,
  tree: TreeIndex,
  notes: ImportNote[],
): Pick<DraftProject, 'goal' | 'indicators'> {
  // A page break inside a project repeats its name as `{项目名称}（续）`: not content.
  const continued = `${row.name}（续）`;
  const body = join(row.body.filter((l) => removeExtractionSpaces(l.text) !== continued));
  const start = findIndicatorStart(body.text);
  const goalText = start < 0 ? body.text : body.text.slice(0, start);
  const goal = formatGoal(goalText);
  if (start < 0) {
    if (row.body.length > 0 && /实施周期指标值|年度指标值/u.test(body.text)) {
      throw new ImportError(row.body[0]!.no, `项目“${row.name}”的绩效指标无法识别`);
    }
    return { goal, indicators: [] };
  }
  let parsed: NotationIndicator[];
  try {
    parsed = parseIndicatorList(body.text.slice(start));
  } catch (e) {
    if (e instanceof NotationError) {
      throw new ImportError(body.lineAt(start + e.offset), `项目“${row.name}”：${e.message}`);
    }
    throw e;
  }
  const indicators: DraftIndicator[] = parsed.map((ind, k) => {
    const line = body.lineAt(start + ind.offset);
    if (ind.number !== k + 1) {
      notes.push({
        severity: 'warning',
        line,
        message: `项目“${row.name}”的绩效指标编号不连续：第 ${k + 1} 条编为 ${ind.number}`,
      });
    }
    return {
      level2Code: resolveCategory(ind, tree, row.name, line, notes),
      name: ind.name,
      cycleValue: ind.cycleValue,
      annualValue: ind.annualValue,
      annualFollowsCycle: ind.annualValue === ind.cycleValue,
    };
  });
  return { goal, indicators };
}

/** Numbered goals (`1.…2.…`, `目标1：…目标2：…`) go on lines of their own, as they were printed. */
function formatGoal(text: string): string {
  return removeExtractionSpaces(text).replace(
    /(?<=[。；;！!])\s*(?=(?:\d{1,2}[.．、](?!\d)|目标\s*\d{1,2}\s*[：:]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、))/gu,
    '\n',
  );
}

/**
 * The second-level code is what the store keeps (the first level is derived from it). When the
 * printed first level contradicts it, the second level wins and the contradiction is reported.
 */
function resolveCategory(
  ind: NotationIndicator,
  tree: TreeIndex,
  projectName: string,
  line: number,
  notes: ImportNote[],
): string {
  const where = `项目“${projectName}”第 ${ind.number} 条绩效指标“${ind.name}”`;
  const printed = `${ind.level1Code}-${ind.level1Name}；${ind.level2Code}-${ind.level2Name}`;
  const category = tree.resolve(ind.level2Code);
  if (!category || category.level2.name !== ind.level2Name) {
    const byName = tree.findLevel2ByName(ind.level1Code, ind.level2Name);
    if (!category && byName) {
      notes.push({
        severity: 'warning',
        line,
        message: `${where}：二级代码 ${ind.level2Code} 不在指标体系中，按名称“${ind.level2Name}”归入 ${byName.level2.code}-${byName.level2.name}`,
      });
      return byName.level2.code;
    }
    if (!category) {
      throw new ImportError(
        line,
        `${where}：指标类别“${printed}”不在指标体系“${tree.tree.name}”中`,
      );
    }
    notes.push({
      severity: 'warning',
      line,
      message: `${where}：二级指标印为“${ind.level2Code}-${ind.level2Name}”，指标体系中 ${category.level2.code} 为“${category.level2.name}”；按代码导入`,
    });
  }
  if (category.level1.code !== ind.level1Code || category.level1.name !== ind.level1Name) {
    notes.push({
      severity: 'warning',
      line,
      message: `${where}：印为“${printed}”，但 ${category.level2.code}-${category.level2.name} 属于 ${category.level1.code}-${category.level1.name}；已按二级指标归入 ${category.level1.code}-${category.level1.name}，请核对`,
    });
  }
  return category.level2.code;
}

/** The built-in tree whose category names match the most printed indicators. */
function chooseTree(units: UnitRows[]): CategoryTree {
  const pairs: string[] = [];
  for (const u of units) {
    for (const p of u.projects) {
      const text = p.body.map((l) => l.text).join('');
      for (const m of text.matchAll(/(\d+)\s*-\s*([^；;。、\d]{1,24}?)\s*[；;]/gu)) {
        pairs.push(`${m[1]}-${removeExtractionSpaces(m[2]!)}`);
      }
    }
  }
  const trees = builtInTrees();
  let best = trees.find((t) => t.id === 'default') ?? trees[0]!;
  let bestScore = -1;
  for (const tree of trees) {
    const known = new Set(
      tree.level1.flatMap((l1) => [
        `${l1.code}-${l1.name}`,
        ...l1.level2.map((l2) => `${l2.code}-${l2.name}`),
      ]),
    );
    const score = pairs.filter((p) => known.has(p)).length;
    if (score > bestScore || (score === bestScore && tree.id === 'default')) {
      best = tree;
      bestScore = score;
    }
  }
  return best;
}
