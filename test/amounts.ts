import { cents, DEFAULT_MONEY_DISPLAY, type Cents } from '../db/shared/money.ts';

/**
 * Amounts as the tests were first written: integer hundredths of 万元 (the store's unit before
 * 分), as the 分 the store holds now. `wanCents(384_100)` is 3,841.00 万元.
 */
export function wanCents(hundredths: number): Cents {
  return cents(hundredths * 10_000);
}

/** 万元 with two decimals: the default display, and every document's before 分. */
export const WAN2 = DEFAULT_MONEY_DISPLAY;
