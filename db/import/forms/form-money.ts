import {
  addCents,
  formatAmountGrouped,
  ZERO,
  type Cents,
  type MoneyUnit,
} from '../../shared/money.ts';
import type { Amounts } from '../../shared/types.ts';
import { parseMoneyCell } from '../money-unit.ts';
import { ImportError, type Where } from '../table-draft.ts';
import {
  FIELD_LABELS,
  firstValue,
  MONEY_FIELDS,
  type HeaderBlock,
  type LabelledValue,
} from './header-labels.ts';

/**
 * A form's money: 项目资金总额 for the whole period, this year's money by source, 上年结转.
 * Forms state this year's money as a total (年度资金, 当年年度预算, 年度本级预算金额), by source
 * (其中：财政资金 / 其它资金), as 本级 plus 上级资金, or only as the 合计 of a cost breakdown
 * (项目预算成本构成); the document keeps the sources. Every way a total became sources is said.
 */

type MoneyField = (typeof MONEY_FIELDS)[number];

export interface MoneyCell {
  readonly field: MoneyField | 'costTotal';
  readonly cell: LabelledValue;
}

/** The money cells a form prints (placeholders and empty cells are not amounts). */
export function moneyCells(block: HeaderBlock): MoneyCell[] {
  const cells: MoneyCell[] = [];
  for (const field of MONEY_FIELDS) {
    const v = firstValue(block, FIELD_LABELS[field]);
    if (v) cells.push({ field, cell: v });
  }
  const total = block.costBlock?.total;
  if (total && total.value !== '') cells.push({ field: 'costTotal', cell: total });
  return cells;
}

/**
 * True when the cell's amount depends on the table's unit: a number with no unit of its own
 * (`65`, not `250万`), other than zero (0 is 0 in any unit).
 */
export function needsUnit(text: string): boolean {
  const probe = parseMoneyCell(text, '元');
  if (probe === null || probe === 0) return false;
  const t = text.trim();
  return !(t.endsWith('万') || t.endsWith('元'));
}

export interface FormMoney {
  readonly amounts: Amounts;
  readonly totalBudget: Cents | null;
  readonly carryOver: Cents | undefined;
  /** The most decimals an amount is printed with (`115.2300` → 4): the table's display. */
  readonly printedDecimals: number;
  /** How the amounts were placed (Chinese, each for an info or warning note). */
  readonly notes: readonly { severity: 'info' | 'warning'; where: Where; message: string }[];
}

/** The form's money in `unit` (a cell with a unit of its own is read in that unit). */
export function readFormMoney(
  block: HeaderBlock,
  unit: MoneyUnit,
  project: string,
  fallback: Where,
): FormMoney {
  const notes: { severity: 'info' | 'warning'; where: Where; message: string }[] = [];
  const read = new Map<MoneyCell['field'], { amount: Cents; cell: LabelledValue }>();
  let printedDecimals = 0;
  for (const m of moneyCells(block)) {
    const amount = parseMoneyCell(m.cell.value, unit);
    if (amount === null) {
      throw new ImportError(
        m.cell.where,
        `项目“${project}”的“${m.cell.label}”为“${m.cell.value}”，不是金额（应为数字，如“65”“372.88”“250万”）；请改正后再导入`,
      );
    }
    if (amount < 0) {
      throw new ImportError(
        m.cell.where,
        `项目“${project}”的“${m.cell.label}”为负数“${m.cell.value}”`,
      );
    }
    read.set(m.field, { amount, cell: m.cell });
    const frac = /\.(\d+)$/u.exec(m.cell.value.trim());
    if (frac && !/[万元]/u.test(m.cell.value))
      printedDecimals = Math.max(printedDecimals, frac[1]!.length);
  }
  const show = (c: Cents) =>
    `${formatAmountGrouped(c, { unit, decimals: unit === '元' ? 2 : 6 }).replace(/\.?0+$/u, '')} ${unit}`;
  const at = (f: MoneyCell['field']) => read.get(f);
  const fiscal = at('fiscal');
  const special = at('specialAccount');
  const other = at('other');
  const upper = at('upper');
  const annual = at('annual') ?? at('costTotal');
  let amounts: Amounts = { fiscal: ZERO, specialAccount: ZERO, other: ZERO };

  if (fiscal || special || other) {
    amounts = {
      fiscal: fiscal?.amount ?? ZERO,
      specialAccount: special?.amount ?? ZERO,
      other: other?.amount ?? ZERO,
    };
    const sum = addCents(amounts.fiscal, amounts.specialAccount, amounts.other);
    if (annual && !fiscal && !special && annual.amount > sum) {
      // Only 其他资金 printed: the rest of the year's money is the fiscal part.
      amounts = { ...amounts, fiscal: (annual.amount - sum) as Cents };
      notes.push({
        severity: 'info',
        where: annual.cell.where,
        message: `项目“${project}”：年度资金 ${show(annual.amount)} 中只列出其他资金 ${show(sum)}，其余 ${show(amounts.fiscal)} 计入财政拨款`,
      });
    } else if (annual && annual.amount !== addCents(sum, upper?.amount ?? ZERO)) {
      notes.push({
        severity: 'warning',
        where: annual.cell.where,
        message: `项目“${project}”：“${annual.cell.label}”${show(annual.amount)} 与各来源之和 ${show(addCents(sum, upper?.amount ?? ZERO))} 不一致；按各来源导入，请核对`,
      });
    }
  } else if (annual) {
    amounts = { fiscal: annual.amount, specialAccount: ZERO, other: ZERO };
    if (annual.amount !== 0) {
      notes.push({
        severity: 'info',
        where: annual.cell.where,
        message:
          at('annual') === undefined
            ? `项目“${project}”：表中没有年度资金一栏，取项目预算成本构成的“${annual.cell.label}”${show(annual.amount)} 为年度资金，未分来源，计入财政拨款`
            : `项目“${project}”：“${annual.cell.label}”${show(annual.amount)} 未分来源，计入财政拨款`,
      });
    }
  }
  if (upper && upper.amount !== 0) {
    amounts = { ...amounts, fiscal: addCents(amounts.fiscal, upper.amount) };
    notes.push({
      severity: 'info',
      where: upper.cell.where,
      message: `项目“${project}”：“${upper.cell.label}”${show(upper.amount)} 计入财政拨款（上级转移支付资金属财政拨款）`,
    });
  }
  const printed = MONEY_FIELDS.some((f) => FIELD_LABELS[f].some((l) => block.values.has(l)));
  if (!printed && !annual) {
    notes.push({
      severity: 'warning',
      where: fallback,
      message: `项目“${project}”：表中没有本年度资金（年度资金、当年年度预算或财政资金等），金额为空，请补填`,
    });
  }
  return {
    amounts,
    totalBudget: at('totalBudget')?.amount ?? null,
    carryOver: at('carryOver')?.amount,
    printedDecimals,
    notes,
  };
}
