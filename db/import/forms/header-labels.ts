import type { CellRow } from '../cell-rows.ts';
import type { Where } from '../table-draft.ts';
import { alignUnder, columnsOf, formCellWhere } from './form-cells.ts';

/**
 * The header block of a per-project form (申报表 / 审批表): labelled cells, each followed by its
 * value — on the same row (`项目名称 | X | 项目分类 | Y`), inside one cell (`预算单位: X`), or on
 * the next row. Regions label the same field differently; every label a field is known by is
 * listed here, in the order a field prefers them when a form has more than one.
 */

/** A form's money (form-money.ts). */
export const MONEY_FIELDS = [
  'totalBudget',
  'annual',
  'fiscal',
  'specialAccount',
  'other',
  'upper',
  'carryOver',
] as const;

export const HEADER_FIELDS = [
  'name',
  'department',
  'unit',
  'nature',
  'category',
  'period',
  'periodStart',
  'periodEnd',
  'overallGoal',
  'goal',
  ...MONEY_FIELDS,
] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

/**
 * Labels by field, preferred first. 预算单位 names the department in some forms (Chongqing:
 * the 乡人民政府 filing the form) and the unit spending the money in others: it is a department
 * label after the others, and a unit label only when another label gave the department.
 * 业务主管部门 is last: in Chongqing's forms it is the line department supervising the funds
 * (县民宗委), not the one filing them.
 */
export const FIELD_LABELS: Readonly<Record<HeaderField, readonly string[]>> = {
  name: ['项目名称', '项目支出名称', '项目全称'],
  department: [
    '主管部门',
    '主管部门及代码',
    '部门名称',
    '预算部门',
    '主管单位',
    '预算单位',
    '填报单位',
    '单位名称',
    '业务主管部门',
  ],
  unit: ['实施单位', '资金使用单位', '项目实施单位', '使用单位', '预算单位'],
  nature: ['项目性质', '项目属性'],
  category: ['项目类别', '项目分类', '项目类型'],
  period: [
    '实施期',
    '项目支出实施期',
    '项目实施期',
    '建设周期',
    '实施周期',
    '项目期限',
    '项目周期',
  ],
  periodStart: ['计划开始日期', '计划开始时间', '开始日期', '开始时间', '项目开始时间'],
  periodEnd: ['计划完成日期', '计划完成时间', '计划结束日期', '完成日期', '完成时间', '结束时间'],
  overallGoal: [
    '总体目标',
    '中期目标',
    '实施期绩效目标',
    '项目总体概况',
    '实施期目标',
    '项目总体目标',
    '总体绩效目标',
    '中长期目标',
  ],
  goal: [
    '年度目标',
    '本年度绩效目标',
    '年度主要目标和成果',
    '年度绩效目标',
    '当年绩效目标',
    '年度主要目标',
    '绩效目标',
  ],
  totalBudget: [
    '项目资金总额',
    '项目总预算',
    '项目总金额',
    '中期资金总额',
    '实施期资金总额',
    '资金总额',
    '项目总投资',
    '总预算',
  ],
  annual: [
    '年度资金',
    '年度本级预算金额',
    '当年年度预算',
    '年度资金总额',
    '年度预算',
    '年度预算金额',
    '本年预算',
    '本年度预算',
    '当年预算',
  ],
  fiscal: ['财政资金', '财政拨款', '财政拨款资金', '本级财政资金', '一般公共预算资金'],
  specialAccount: ['财政专户拨款', '财政专户资金', '财政专户管理资金'],
  other: ['其它资金', '其他资金', '自筹资金'],
  upper: ['该项目支出上级资金', '上级资金', '上级补助资金', '上级转移支付资金', '上级补助'],
  carryOver: ['上年结转', '上年结转资金', '结转资金'],
};

const FIELD_OF: ReadonlyMap<string, HeaderField> = new Map(
  HEADER_FIELDS.flatMap((f) => FIELD_LABELS[f].map((l) => [l, f] as const)),
);

/** `项目预算成本构成 | 金额 | …`: a block listing the year's money by item, with a 合计 row. */
const COST_BLOCK_LABELS = [
  '项目预算成本构成',
  '预算成本构成',
  '成本构成',
  '项目预算明细',
  '预算明细',
];

/**
 * A label as compared: width-normalised, no spaces, no `其中:` before it, no colon or score or
 * bracketed unit after it (`年度绩效目标(90分):` is 年度绩效目标; the unit of `项目资金（元）` is
 * money-unit.ts's business).
 */
export function labelKey(text: string): string {
  // A long cell is a value, never a label: and the patterns below stay linear.
  if (text.length > MAX_LABEL_CELL) return text;
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/^其中[:：]?/u, '')
    .replace(/^(?:[一二三四五六七八九十]{1,2}、|\d{1,2}[.、])/u, '')
    .replace(/[:：]+$/u, '')
    .replace(/[(（][^()（）]{0,12}[)）]$/u, '')
    .replace(/\d+(?:\.\d+)?分$/u, '')
    .replace(/[:：]+$/u, '');
}

/** Longer than any label with its colon, unit or score. */
const MAX_LABEL_CELL = 40;

/** The field a label cell names, if it names one. */
export function fieldOfLabel(text: string): HeaderField | undefined {
  return FIELD_OF.get(labelKey(text));
}

export function isCostBlockLabel(text: string): boolean {
  return COST_BLOCK_LABELS.includes(labelKey(text));
}

/**
 * A value that stands for nothing: `(空)` (an empty cell as the fixtures write it), `(略)`,
 * `(盖章)`: a short bracketed word alone.
 */
export function isEmptyMark(text: string): boolean {
  return /^[(（][\p{Script=Han}]{1,4}[)）]$/u.test(text.trim());
}

/** A cell's text with empty marks made empty. */
export function cellText(text: string | undefined): string {
  const t = (text ?? '').trim();
  return isEmptyMark(t) ? '' : t;
}

export interface LabelledValue {
  /** The label as printed (for notes). */
  readonly label: string;
  /** The label's key (labelKey). */
  readonly key: string;
  readonly value: string;
  readonly where: Where;
}

export interface HeaderBlock {
  /** Known labels, by key, in the order met; the first value of a label wins. */
  readonly values: ReadonlyMap<string, LabelledValue>;
  /** Labels this program does not read, with their values (reported, never silently lost). */
  readonly unknown: readonly LabelledValue[];
  /** A 项目预算成本构成 block, if the form has one. */
  readonly costBlock: CostBlock | null;
}

export interface CostBlock {
  /** Item rows (not 合计): label and 金额 cell. */
  readonly items: readonly LabelledValue[];
  /** The 合计 row's 金额 cell, if printed. */
  readonly total: LabelledValue | null;
  readonly where: Where;
  /** The block's other columns (`2020年实际执行数`…), which the document has no field for. */
  readonly otherColumns: readonly string[];
}

/** Longest text taken for an unknown label: longer is a sentence, not a label. */
const MAX_LABEL = 14;

/**
 * Reads the labelled values of a form's header rows (the rows before its indicator grid).
 */
export function readHeaderBlock(rows: readonly CellRow[]): HeaderBlock {
  const values = new Map<string, LabelledValue>();
  const unknown: LabelledValue[] = [];
  let costBlock: CostBlock | null = null;
  const put = (label: string, value: string, where: Where) => {
    const key = labelKey(label);
    const v = cellText(value);
    const existing = values.get(key);
    // A later non-empty value fills a label printed empty before (`填报单位:(盖章)`).
    if (!existing || (existing.value === '' && v !== '')) {
      values.set(key, { label: label.trim(), key, value: v, where });
    }
  };

  // Per column, the money label last met there: sources printed under 项目资金总额 (the national
  // 申报表 puts the period's money and sources beside the year's) belong to the period.
  const moneyContext = new Map<number, HeaderField>();

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const cells = row.cells;
    if (isCostBlockLabel(cells[0] ?? '') && cells.length > 1) {
      const read = readCostBlock(rows, r);
      costBlock = read.block;
      r = read.last;
      continue;
    }
    if (cells.length === 1) {
      // `部门名称：X 单位：万元`: one cell of several labelled values.
      const segments = cells[0]!.split(/(?<!\s)\s+(?=[^\s:：]{1,8}[:：])/u);
      const inline = segments.map(splitInline).filter((s) => s !== null);
      const label =
        fieldOfLabel(cells[0]!) !== undefined
          ? cells[0]!
          : segments.length === 1 && inline.length === 1 && inline[0]!.value === ''
            ? inline[0]!.label
            : undefined;
      // A label alone, its value the next row's one cell (`绩效目标` then the goal).
      const next = rows[r + 1];
      if (
        label !== undefined &&
        next?.cells.length === 1 &&
        fieldOfLabel(next.cells[0]!) === undefined &&
        splitInline(next.cells[0]!) === null
      ) {
        put(label, next.cells[0]!, formCellWhere(next, 0));
        r++;
        continue;
      }
      // Other segments (`金额单位:万元`) are money-unit.ts's or nobody's.
      for (const s of inline) put(s.label, s.value, formCellWhere(row, 0));
      continue;
    }
    const columnBlock = readMoneyColumns(rows, r) ?? readLabelColumns(rows, r);
    if (columnBlock) {
      for (const v of columnBlock.values) put(v.label, v.value, v.where);
      r = columnBlock.last;
      continue;
    }
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell === '') continue;
      const field = fieldOfLabel(cell);
      if (field !== undefined) {
        const context = moneyContext.get(i);
        if (field === 'totalBudget' || field === 'annual') moneyContext.set(i, field);
        if (context === 'totalBudget' && SOURCE_FIELDS.has(field)) {
          // The sources of the whole period's money, below 项目资金总额: not this year's.
          unknown.push({
            label: `${cell.trim()}（${FIELD_LABELS.totalBudget[0]}中）`,
            key: labelKey(cell),
            value: cellText(cells[i + 1]),
            where: formCellWhere(row, i + 1),
          });
        } else {
          // A label beside a label (`绩效目标 | 项目总体目标 | 年度目标` over an empty row): no value.
          const next = cells[i + 1] ?? '';
          if (isLabelCell(next)) {
            put(cell, '', formCellWhere(row, i));
            continue;
          }
          put(cell, next, formCellWhere(row, next === '' ? i : i + 1));
        }
        i++;
        continue;
      }
      const inline = splitInline(cell);
      if (inline) {
        put(inline.label, inline.value, formCellWhere(row, i));
        continue;
      }
      // `项目资金（万元） | 中期资金总额： | 500`: a heading before a label is no label itself.
      if (i + 1 < cells.length && looksLikeLabel(cell) && !isLabelCell(cells[i + 1]!)) {
        unknown.push({
          label: cell,
          key: labelKey(cell),
          value: cellText(cells[i + 1]),
          where: formCellWhere(row, i + 1),
        });
        i++;
      }
    }
  }
  return { values, unknown, costBlock };
}

/** `预算单位: X` in one cell: a known label, a colon, the value. */
function splitInline(text: string): { label: string; value: string } | null {
  const m = /^([^:：]{2,16}?)\s*[:：]\s*(.*)$/u.exec(text.trim());
  if (!m || fieldOfLabel(m[1]!) === undefined) return null;
  return { label: m[1]!, value: m[2]!.trim() };
}

function looksLikeLabel(text: string): boolean {
  const t = labelKey(text);
  return (
    t.length >= 2 && t.length <= MAX_LABEL && /\p{Script=Han}/u.test(t) && !/[。；;,，]/u.test(t)
  );
}

const SOURCE_FIELDS: ReadonlySet<HeaderField> = new Set([
  'fiscal',
  'specialAccount',
  'other',
  'upper',
]);

/** A cell that is a known label, alone or as `label：value`. */
function isLabelCell(cell: string): boolean {
  return fieldOfLabel(cell) !== undefined || splitInline(cell) !== null;
}

/**
 * Labels in a row and their values in the row below, column by column (`总体目标 | 实施期目标 |
 * 年度目标` over the two goals; `项目名称 | 主管部门` over their values). The head row holds only
 * known labels but for a first heading cell; the row below, as long, holds no label.
 */
function readLabelColumns(
  rows: readonly CellRow[],
  start: number,
): { values: LabelledValue[]; last: number } | null {
  const heads = rows[start]!.cells;
  const below = under(rows[start + 1], rows[start]!);
  const known = heads.filter((c) => fieldOfLabel(c) !== undefined).length;
  if (
    known < 2 ||
    !heads.every((c, i) => c === '' || fieldOfLabel(c) !== undefined || i === 0) ||
    below === undefined ||
    below.cells.length !== heads.length ||
    below.cells.every((c) => c === '') ||
    below.cells.some(isLabelCell)
  ) {
    return null;
  }
  const values: LabelledValue[] = [];
  heads.forEach((head, i) => {
    if (fieldOfLabel(head) === undefined) return;
    values.push({
      label: head,
      key: labelKey(head),
      value: below.cells[i]!,
      where: formCellWhere(below, i),
    });
  });
  return { values, last: start + 1 };
}

/** A workbook's row put under the cells of the row of labels above it (form-cells.ts). */
function under(row: CellRow | undefined, heads: CellRow): CellRow | undefined {
  const starts = columnsOf(heads);
  return row === undefined || starts === undefined ? row : alignUnder(row, starts);
}

/** Money fields, and 总计 beside them: the heads of a money table's columns. */
const MONEY_HEADS: ReadonlySet<HeaderField> = new Set(MONEY_FIELDS);

function moneyHead(cell: string): HeaderField | undefined {
  const key = labelKey(cell);
  if (key === '总计' || key === '合计' || key === '小计') return 'annual';
  const field = FIELD_OF.get(key);
  return field !== undefined && MONEY_HEADS.has(field) ? field : undefined;
}

const AMOUNT_CELL = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:万元|万|元)?$/u;

/** A row of column heads: two money heads or more, nothing else but a first heading cell. */
function isMoneyHeadRow(cells: readonly string[]): boolean {
  const heads = cells.filter((c) => moneyHead(c) !== undefined).length;
  return (
    heads >= 2 &&
    cells.every(
      (c, i) => c === '' || moneyHead(c) !== undefined || (i === 0 && !AMOUNT_CELL.test(c.trim())),
    )
  );
}

/**
 * Money printed as a small table: a row of heads (项目资金总额 | 年度资金 | 上年结转), maybe a row
 * of heads under a spanning one (总计 | 财政拨款 | 财政专户拨款 | 其他资金 under 年度资金), then
 * the row of amounts under them (the per-project 申报表 this program prints, and Word forms like
 * it). A cell under a head merged down is empty in the row below; those are the heads of the
 * row above, in order, but for the spanning head. An amount row that is not there (all empty,
 * left out of the rows) is every amount empty.
 */
function readMoneyColumns(
  rows: readonly CellRow[],
  start: number,
): { values: LabelledValue[]; last: number } | null {
  const top = rows[start]!.cells;
  if (!isMoneyHeadRow(top)) return null;
  let heads: (string | undefined)[] = [...top];
  let headRow = rows[start]!;
  let r = start + 1;
  const sub = rows[r]?.cells;
  if (sub && sub.length > top.length && isMoneyHeadRow(sub)) {
    const upper = top.filter((c) => c !== '');
    const slots = sub.filter((c) => c === '').length;
    let drop = upper.length - slots;
    const kept = upper.filter((c) => {
      if (drop > 0 && moneyHead(c) === 'annual') {
        drop--;
        return false;
      }
      return true;
    });
    if (kept.length === slots) {
      let k = 0;
      heads = sub.map((c) => (c === '' ? kept[k++] : c));
      headRow = rows[r]!;
      r++;
    }
  }
  const amountRow = under(rows[r], headRow);
  const amounts = amountRow?.cells;
  const hasAmounts =
    amounts !== undefined &&
    amounts.length === heads.length &&
    amounts.some((c) => c !== '') &&
    amounts.every((c) => c === '' || AMOUNT_CELL.test(c.trim()) || isEmptyMark(c));
  const whereRow = hasAmounts ? amountRow! : headRow;
  const values: LabelledValue[] = [];
  heads.forEach((head, i) => {
    const where = formCellWhere(whereRow, i);
    if (head === undefined || moneyHead(head) === undefined) return;
    const key = labelKey(head);
    const field = moneyHead(head)!;
    // `总计` under 年度资金 is the year's money.
    const label = field === 'annual' && !FIELD_OF.has(key) ? FIELD_LABELS.annual[0]! : head;
    values.push({ label, key: labelKey(label), value: hasAmounts ? amounts![i]! : '', where });
  });
  return { values, last: hasAmounts ? r : r - 1 };
}

function readCostBlock(
  rows: readonly CellRow[],
  start: number,
): { block: CostBlock; last: number } {
  const head = rows[start]!;
  const amountColumn = head.cells.findIndex(
    (c, i) => i > 0 && /^(?:金额|预算数|预算金额|资金)$/u.test(labelKey(c)),
  );
  const column = amountColumn > 0 ? amountColumn : 1;
  const otherColumns = head.cells.filter((c, i) => i > 0 && i !== column && c.trim() !== '');
  const items: LabelledValue[] = [];
  let total: LabelledValue | null = null;
  let r = start + 1;
  for (; r < rows.length; r++) {
    const cells = rows[r]!.cells;
    if (cells.length < 2 || fieldOfLabel(cells[0]!) !== undefined) break;
    const entry: LabelledValue = {
      label: cells[0]!,
      key: labelKey(cells[0]!),
      value: cellText(cells[column]),
      where: formCellWhere(rows[r]!, column),
    };
    if (/^(?:合计|小计|总计)$/u.test(entry.key)) {
      total = entry;
      r++;
      break;
    }
    items.push(entry);
  }
  return { block: { items, total, where: head.where, otherColumns }, last: r - 1 };
}

/** The first value among `labels` (in their order) that the block holds non-empty. */
export function firstValue(
  block: HeaderBlock,
  labels: readonly string[],
): LabelledValue | undefined {
  for (const l of labels) {
    const v = block.values.get(l);
    if (v && v.value !== '') return v;
  }
  return undefined;
}
