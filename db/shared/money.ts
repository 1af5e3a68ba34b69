import { UserError } from './errors.ts';

/**
 * An amount as an exact integer count of hundredths of the document's money unit
 * (万元 → 0.01 万元). The published table prints 万元 with two decimals, so this is the
 * finest amount a clerk can enter and every printed subtotal adds up exactly.
 * Binary floats never hold money anywhere in the program: parse from text, format to text.
 */
export type Cents = number & { readonly __brand: 'Cents' };

/**
 * The largest amount the program accepts, for a typed amount and for every derived total alike
 * (a project's 总计, a unit's row, 合计): 999,999,999.99 万元, i.e. ten trillion yuan, far above
 * any department's budget. One limit for all of them means a value that was accepted can always
 * be added up, printed and read back: sums of a few thousand such values stay exact integers.
 */
export const MAX_AMOUNT_CENTS = 99_999_999_999;

/** `999,999,999.99 万元`: the maximum as messages state it. */
export const MAX_AMOUNT_TEXT = '999,999,999.99 万元';

export const ZERO = 0 as Cents;

/** True for a value the store may hold as an amount: a whole number of cents within the maximum. */
export function isAmount(n: unknown): n is Cents {
  return typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= MAX_AMOUNT_CENTS;
}

/** Brands a number as cents; a value outside the maximum is a bug in the caller (RangeError). */
export function cents(n: number): Cents {
  if (!isAmount(n)) throw new RangeError(`not an amount in cents: ${n}`);
  return n as Cents;
}

/**
 * Adds amounts exactly. The sum may pass the maximum (a total of several maximal amounts): the
 * store refuses such an edit and the checks report such a file, but adding never fails, so
 * reading a document never fails on its figures. Only a sum outside the exact integer range,
 * which no stored data can reach, is a bug.
 */
export function addCents(...xs: Cents[]): Cents {
  let sum = 0;
  for (const x of xs) sum += x;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`sum of amounts out of range: ${sum}`);
  return sum as Cents;
}

/** True when a derived total passes the maximum (in either direction). */
export function exceedsMaximum(c: Cents): boolean {
  return Math.abs(c) > MAX_AMOUNT_CENTS;
}

const AMOUNT = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal amount such as `10,584.83`, `38.4`, `0` or `-1.5`.
 * Returns undefined when the text is not an amount; callers turn that into their own message
 * because only they know which field or line it came from.
 */
export function tryParseAmount(text: string): Cents | undefined {
  const parsed = parseMagnitude(text);
  return parsed === undefined || parsed === 'too-large' ? undefined : parsed;
}

/** The amount in `text`, 'too-large' when it is one but passes the maximum, else undefined. */
function parseMagnitude(text: string): Cents | 'too-large' | undefined {
  const m = AMOUNT.exec(text.trim());
  if (!m) return undefined;
  const [, minus, intPart = '', frac = ''] = m;
  const digits = intPart.replaceAll(',', '');
  // More than two decimals is only acceptable when the extra digits are zeros.
  if (frac.length > 2 && !/^0+$/.test(frac.slice(2))) return undefined;
  const fraction = (frac + '00').slice(0, 2);
  const magnitude = BigInt(digits) * 100n + BigInt(fraction);
  if (magnitude > BigInt(MAX_AMOUNT_CENTS)) return 'too-large';
  const n = Number(magnitude);
  return (minus && n !== 0 ? -n : n) as Cents;
}

/**
 * What is wrong with `text` as an amount, in words for a message after the field's name
 * (`超过金额上限 999,999,999.99 万元`, `不是有效金额（最多两位小数）`), or undefined when it is one.
 */
export function amountProblem(text: string): string | undefined {
  const c = parseMagnitude(text);
  if (c === 'too-large') return `超过金额上限 ${MAX_AMOUNT_TEXT}`;
  if (c === undefined) return '不是有效金额（最多两位小数）';
  return undefined;
}

export function parseAmount(text: string, where: string): Cents {
  const c = parseMagnitude(text);
  if (c === 'too-large') {
    throw new UserError(`${where}：“${text}”超过金额上限 ${MAX_AMOUNT_TEXT}`);
  }
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
