import { UserError } from './errors.ts';

/**
 * An amount as an exact integer count of hundredths of the document's money unit
 * (万元 → 0.01 万元). The published table prints 万元 with two decimals, so this is the
 * finest amount a clerk can enter and every printed subtotal adds up exactly.
 * Binary floats never hold money anywhere in the program: parse from text, format to text.
 */
export type Cents = number & { readonly __brand: 'Cents' };

/** 10^13 万元: far above any department budget, and well inside the exact integer range. */
export const MAX_ABS_CENTS = 10 ** 15;

export const ZERO = 0 as Cents;

export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_ABS_CENTS) {
    throw new RangeError(`not an amount in cents: ${n}`);
  }
  return n as Cents;
}

export function addCents(...xs: Cents[]): Cents {
  let sum = 0;
  for (const x of xs) sum += x;
  return cents(sum);
}

const AMOUNT = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal amount such as `10,584.83`, `38.4`, `0` or `-1.5`.
 * Returns undefined when the text is not an amount; callers turn that into their own message
 * because only they know which field or line it came from.
 */
export function tryParseAmount(text: string): Cents | undefined {
  const m = AMOUNT.exec(text.trim());
  if (!m) return undefined;
  const [, minus, intPart = '', frac = ''] = m;
  const digits = intPart.replaceAll(',', '');
  // More than two decimals is only acceptable when the extra digits are zeros.
  if (frac.length > 2 && !/^0+$/.test(frac.slice(2))) return undefined;
  const fraction = (frac + '00').slice(0, 2);
  const magnitude = BigInt(digits) * 100n + BigInt(fraction);
  if (magnitude > BigInt(MAX_ABS_CENTS)) return undefined;
  const n = Number(magnitude);
  return (minus && n !== 0 ? -n : n) as Cents;
}

export function parseAmount(text: string, where: string): Cents {
  const c = tryParseAmount(text);
  if (c === undefined) {
    throw new UserError(`${where}：“${text}”不是有效金额（最多两位小数，例如 38.41）`);
  }
  return c;
}

/** `10584.83`, `-0.50`, `0.00`: exactly two decimals, no grouping (interchange, inputs). */
export function formatAmount(c: Cents): string {
  const neg = c < 0;
  const abs = Math.abs(c);
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** `10,584.83`: with thousands separators, as the printed table shows amounts. */
export function formatAmountGrouped(c: Cents): string {
  const plain = formatAmount(c);
  const [intPart = '', frac = ''] = plain.split('.');
  const neg = intPart.startsWith('-');
  const digits = neg ? intPart.slice(1) : intPart;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${frac}`;
}
