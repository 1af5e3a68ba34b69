import { addCents, ZERO } from './money.ts';
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
    fiscal: addCents(ZERO, ...rows.map((r) => r.fiscal)),
    specialAccount: addCents(ZERO, ...rows.map((r) => r.specialAccount)),
    other: addCents(ZERO, ...rows.map((r) => r.other)),
  });
}

export function standardTitle(department: string, year: number): string {
  return `${department} ${year}年项目支出绩效目标表（含转移支付项目）`;
}
