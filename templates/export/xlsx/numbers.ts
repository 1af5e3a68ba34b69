import { formatAmount, type Cents, type MoneyDisplay } from '../../../db/shared/money.ts';

/**
 * How exact figures become spreadsheet numbers. A workbook stores an IEEE double; the program's
 * amounts are integer 分 and its other figures decimal text. Each goes through its decimal text
 * once (`Number('10584.83')`), never through arithmetic, and a figure a double cannot give back
 * digit for digit stays text rather than turn into another figure.
 */

/**
 * An amount in the display's unit, as the number a cell stores, and the decimals to show: the
 * display's, or more for a file another tool wrote with more 分 than it shows (printed whole).
 */
export function amountNumber(
  cents: Cents,
  money: MoneyDisplay,
): { value: number; decimals: number } {
  const text = formatAmount(cents, money);
  const decimals = Math.max(money.decimals, text.split('.')[1]?.length ?? 0);
  return { value: Number(text), decimals };
}

/** `#,##0.00`: thousands separators and exactly `decimals` decimals, as the printed table. */
export function groupedFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** The same, with a zero shown as an empty cell (the printed table leaves zero amounts empty). */
export function groupedFormatHidingZero(decimals: number): string {
  const f = groupedFormat(decimals);
  return `${f};-${f};`;
}

/**
 * A decimal as typed (`95`, `100.00`, `12.5`) as a number whose format shows the same digits
 * (`0.00` keeps `100.00`), or undefined when a number would not give it back exactly (`007`, a
 * figure past a double's 15 digits): then it is written as text.
 */
export function decimalNumber(text: string): { value: number; numFmt: string } | undefined {
  if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined;
  const decimals = text.split('.')[1]?.length ?? 0;
  const value = Number(text);
  if (!Number.isFinite(value) || value.toFixed(decimals) !== text) return undefined;
  // Excel keeps 15 significant digits; past them it would show another figure.
  if (text.replace('.', '').replace(/^0+/, '').length > 15) return undefined;
  return { value, numFmt: decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0' };
}
