import {
  addCents,
  clampSum,
  isAmount,
  MAX_AMOUNT_CENTS,
  sumCents,
  ZERO,
  type Cents,
} from './money.ts';
import type { Amounts, Totals } from './types.ts';

/** 总计 = 财政拨款 + 财政专户拨款 + 其他资金: the only place this sum is written. */
export function totalsOf(a: Amounts): Totals {
  return {
    fiscal: a.fiscal,
    specialAccount: a.specialAccount,
    other: a.other,
    total: addCents(a.fiscal, a.specialAccount, a.other),
  };
}

/** A unit's row is the sum of its projects; 合计 is the sum of the units. */
export function sumTotals(rows: readonly Totals[]): Totals {
  return totalsOf({
    fiscal: sumCents(rows.map((r) => r.fiscal)),
    specialAccount: sumCents(rows.map((r) => r.specialAccount)),
    other: sumCents(rows.map((r) => r.other)),
  });
}

export function standardTitle(department: string, year: number): string {
  return `${department} ${year}年项目支出绩效目标表（含转移支付项目）`;
}

/** A project's stored amounts with its place, as the store's limit check reads them. */
export interface AmountRow {
  readonly id: number;
  readonly unitId: number;
  readonly name: string;
  readonly unitName: string;
  readonly fiscal: unknown;
  readonly specialAccount: unknown;
  readonly other: unknown;
  readonly previousFiscal: unknown;
  readonly previousSpecialAccount: unknown;
  readonly previousOther: unknown;
}

/** A derived total past the maximum, named as the clerk knows it. */
export interface LimitBreach {
  readonly what: string;
  readonly total: Cents;
}

/** A stored value counts in totals only when it is a valid amount (see db/read-document.ts). */
function valid(raw: unknown): Cents {
  return isAmount(raw) ? raw : ZERO;
}

interface ExactTotal {
  readonly what: string;
  readonly total: bigint;
}

/**
 * Every derived total of the rows, keyed by what it is, with its name. Exact (BigInt): in a file
 * another tool filled with huge amounts a total can pass 2^53, and an edit must still be compared
 * truly with what was there.
 */
function derivedTotals(rows: readonly AmountRow[]): Map<string, ExactTotal> {
  const totals = new Map<string, ExactTotal>();
  const add = (key: string, what: string, amount: Cents) => {
    const sum = totals.get(key);
    totals.set(key, { what, total: (sum?.total ?? 0n) + BigInt(amount) });
  };
  for (const r of rows) {
    const total = addCents(valid(r.fiscal), valid(r.specialAccount), valid(r.other));
    const name = r.name.trim() === '' ? '（未命名）' : r.name;
    add(`p${r.id}`, `项目“${name}”的总计`, total);
    if (r.previousFiscal !== null) {
      const previous = addCents(
        valid(r.previousFiscal),
        valid(r.previousSpecialAccount),
        valid(r.previousOther),
      );
      add(`q${r.id}`, `项目“${name}”的上年金额总计`, previous);
    }
    const unitName = r.unitName.trim() === '' ? '（未命名）' : r.unitName;
    add(`u${r.unitId}`, `资金使用单位“${unitName}”的合计`, total);
    add('all', '合计', total);
  }
  return totals;
}

/**
 * The totals that an edit took past the maximum, comparing the rows before and after it: a
 * total already past it in a file another tool changed may come down (the clerk correcting it)
 * but never go further.
 */
export function limitBreaches(
  before: readonly AmountRow[],
  after: readonly AmountRow[],
): LimitBreach[] {
  const was = derivedTotals(before);
  const breaches: LimitBreach[] = [];
  const abs = (n: bigint) => (n < 0n ? -n : n);
  for (const [key, now] of derivedTotals(after)) {
    const then = abs(was.get(key)?.total ?? 0n);
    if (abs(now.total) > BigInt(MAX_AMOUNT_CENTS) && abs(now.total) > then) {
      breaches.push({ what: now.what, total: clampSum(now.total) });
    }
  }
  // 合计 last: the clerk is told about the nearest total first.
  return breaches;
}

/** How much the rows' change moves 合计 (this year's amounts), exactly. */
export function grandTotalChange(
  before: readonly AmountRow[],
  after: readonly AmountRow[],
): bigint {
  const sum = (rows: readonly AmountRow[]) => {
    let total = 0n;
    for (const r of rows) {
      total += BigInt(valid(r.fiscal)) + BigInt(valid(r.specialAccount)) + BigInt(valid(r.other));
    }
    return total;
  };
  return sum(after) - sum(before);
}
