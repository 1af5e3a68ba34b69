import { UserError } from './errors.ts';

/**
 * Money, in one place: the store's unit, the one maximum, the document's display unit, and every
 * conversion between text and amounts.
 *
 * An amount is an exact integer count of 分 (0.01 元), the finest amount any budget table
 * names: 3,309,840.00 元 = 330.984 万元 = 330,984,000 分. Binary floats never hold money
 * anywhere in the program: parse from text, format to text. (The type keeps its old name:
 * 分 are literally the yuan's cents.)
 */
export type Cents = number & { readonly __brand: 'Cents' };

/** 分 in one unit of each display unit: 1 万元 = 10,000 元 = 1,000,000 分. */
const FEN_PER: Readonly<Record<MoneyUnit, number>> = { 万元: 1_000_000, 元: 100 };
/** Decimals that show every 分 in each unit: 6 for 万元, 2 for 元. */
const EXACT_DECIMALS: Readonly<Record<MoneyUnit, number>> = { 万元: 6, 元: 2 };

/**
 * The largest amount the program accepts, for a typed amount and for every derived total alike
 * (a project's 总计, a unit's row, 合计): 999,999,999.99 万元 = 9,999,999,999,900 元, i.e. ten
 * trillion yuan, far above any department's budget. One limit for all of them means a value that
 * was accepted can always be added up, printed and read back.
 */
export const MAX_AMOUNT_CENTS = 999_999_999_990_000;

/** `999,999,999.99 万元`: the maximum as messages state it. */
export const MAX_AMOUNT_TEXT = '999,999,999.99 万元';

export const ZERO = 0 as Cents;

// ---- display unit --------------------------------------------------------------------------

export const MONEY_UNITS = ['万元', '元'] as const;
export type MoneyUnit = (typeof MONEY_UNITS)[number];

/**
 * How a document's amounts are typed, shown, printed and exported: in 万元 with 2 to 6 decimals
 * (regions' filling instructions ask for either) or in 元 with 2. The store always holds 分.
 */
export interface MoneyDisplay {
  readonly unit: MoneyUnit;
  readonly decimals: number;
}

/** The decimals each unit allows. */
export const MONEY_DECIMALS: Readonly<Record<MoneyUnit, { min: number; max: number }>> = {
  万元: { min: 2, max: 6 },
  元: { min: 2, max: 2 },
};

/** The Guangzhou published table's: 万元 with two decimals (and every file before 分). */
export const DEFAULT_MONEY_DISPLAY: MoneyDisplay = { unit: '万元', decimals: 2 };

/**
 * The unit of the Guangzhou published table (`单位：万元`, two decimals), which the importers
 * read, and of the interchange format `target-table/1`, which had no setting.
 */
export const PUBLISHED_TABLE_MONEY: MoneyDisplay = { unit: '万元', decimals: 2 };

/**
 * The display that shows every amount exactly: used while a document's own setting cannot be
 * read (a file another tool changed), so nothing is hidden meanwhile.
 */
export const EXACT_MONEY_DISPLAY: MoneyDisplay = { unit: '万元', decimals: EXACT_DECIMALS.万元 };

/** Why `unit`/`decimals` is not a display setting, in Chinese; undefined when it is one. */
export function moneyDisplayProblem(unit: unknown, decimals: unknown): string | undefined {
  if (!(MONEY_UNITS as readonly unknown[]).includes(unit)) {
    return `金额单位“${String(unit)}”无效，应为 ${MONEY_UNITS.join(' 或 ')}`;
  }
  const range = MONEY_DECIMALS[unit as MoneyUnit];
  if (
    typeof decimals !== 'number' ||
    !Number.isInteger(decimals) ||
    decimals < range.min ||
    decimals > range.max
  ) {
    return range.min === range.max
      ? `金额单位为${String(unit)}时小数位数只能是 ${range.min}`
      : `金额单位为${String(unit)}时小数位数应为 ${range.min} 到 ${range.max}`;
  }
  return undefined;
}

export function sameDisplay(a: MoneyDisplay, b: MoneyDisplay): boolean {
  return a.unit === b.unit && a.decimals === b.decimals;
}

/** `万元（2 位小数）`: the setting as the editor and messages name it. */
export function describeDisplay(d: MoneyDisplay): string {
  return `${d.unit}（${d.decimals} 位小数）`;
}

/** The maximum in the display's unit, for messages (`9,999,999,999,900.00 元`). */
export function maxAmountText(d: MoneyDisplay): string {
  return d.unit === '万元'
    ? MAX_AMOUNT_TEXT
    : `${formatAmountGrouped(MAX_AMOUNT_CENTS as Cents, d)} ${d.unit}`;
}

/** 分 per last shown digit: an amount the display can show is a multiple of it. */
export function displayStep(d: MoneyDisplay): number {
  return 10 ** (EXACT_DECIMALS[d.unit] - d.decimals);
}

/** True when `c` shows exactly with the display's decimals (no digit would be hidden). */
export function canShow(c: Cents, d: MoneyDisplay): boolean {
  return c % displayStep(d) === 0;
}

/**
 * The first amount of `amounts` that `d` cannot show exactly, or undefined when it can show
 * them all: what a change of the document's display must not do (its digits would be lost).
 */
export function firstUnshowable<T extends { readonly amount: Cents }>(
  amounts: Iterable<T>,
  d: MoneyDisplay,
): T | undefined {
  for (const a of amounts) if (!canShow(a.amount, d)) return a;
  return undefined;
}

// ---- sums ----------------------------------------------------------------------------------

/**
 * Where sums stop: 9,000,000,000.00 万元, below 2^53 so every number up to it is exact, and
 * far past the maximum so a sum held here is reported as over it.
 */
export const SUM_LIMIT = 9_000_000_000_000_000;

/** True when `c` is a sum that stopped at SUM_LIMIT: its true value is at least that large. */
export function atSumLimit(c: Cents): boolean {
  return Math.abs(c) >= SUM_LIMIT;
}

/** Adds amounts exactly (see sumCents). */
export function addCents(...xs: Cents[]): Cents {
  return sumCents(xs);
}

/**
 * Adds amounts exactly, and never fails. Nine maximal amounts already pass 2^53, past which
 * numbers are no longer exact, and a file another tool filled can hold thousands of them (the
 * checks report such a total as over the maximum); opening and reading it must not fail. So a
 * sum that leaves ±SUM_LIMIT is added again exactly in BigInt and held at ±SUM_LIMIT: still
 * over the maximum, which is all any caller needs to know of it. Real documents never get there
 * and keep the fast path.
 */
export function sumCents(xs: readonly Cents[]): Cents {
  let sum = 0;
  for (const x of xs) {
    sum += x;
    if (sum > SUM_LIMIT || sum < -SUM_LIMIT) return clampedSum(xs);
  }
  return sum as Cents;
}

function clampedSum(xs: readonly Cents[]): Cents {
  let sum = 0n;
  for (const x of xs) sum += BigInt(x);
  return clampSum(sum);
}

/** An exact sum as a number, held at ±SUM_LIMIT (see sumCents). */
export function clampSum(sum: bigint): Cents {
  const limit = BigInt(SUM_LIMIT);
  if (sum > limit) return SUM_LIMIT as Cents;
  if (sum < -limit) return -SUM_LIMIT as Cents;
  return Number(sum) as Cents;
}

/** True for a value the store may hold as an amount: a whole number of 分 within the maximum. */
export function isAmount(n: unknown): n is Cents {
  return typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= MAX_AMOUNT_CENTS;
}

/** Brands a number as 分; a value outside the maximum is a bug in the caller (RangeError). */
export function cents(n: number): Cents {
  if (!isAmount(n)) throw new RangeError(`not an amount in 分: ${n}`);
  return n as Cents;
}

/** True when a derived total passes the maximum (in either direction). */
export function exceedsMaximum(c: Cents): boolean {
  return Math.abs(c) > MAX_AMOUNT_CENTS;
}

// ---- text ----------------------------------------------------------------------------------

const AMOUNT = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * A unit written after the number (`38.41万元`, `384100元`, `38.41 万`): the amount is in that
 * unit, whatever the document's is, and converted exactly. 万 alone is how clerks shorten 万元.
 */
const STATED_UNIT = /^(.*?)\s*(万元|万|元)$/u;

type Parsed =
  | Cents
  | 'too-large'
  | 'too-many-decimals'
  | 'finer-than-fen'
  | { readonly unshowable: string }
  | undefined;

/**
 * Amount text as clerks type and paste it: full-width digits and punctuation (`１２３．４５`,
 * `1，234.5`) read as their ASCII forms (NFKC), and the unit it states, if any.
 */
export function readAmountText(text: string): { number: string; unit: MoneyUnit | undefined } {
  const t = text.normalize('NFKC').trim();
  const m = STATED_UNIT.exec(t);
  if (!m) return { number: t, unit: undefined };
  return { number: m[1]!, unit: m[2] === '元' ? '元' : '万元' };
}

/** The amount in `text` (in `d`'s unit unless it states one), or why `d` does not accept it. */
function parseMagnitude(text: string, d: MoneyDisplay): Parsed {
  const { number, unit = d.unit } = readAmountText(text);
  const m = AMOUNT.exec(number);
  if (!m) return undefined;
  const [, minus, intPart = '', frac = ''] = m;
  const digits = intPart.replaceAll(',', '');
  const exact = EXACT_DECIMALS[unit];
  if (unit === d.unit) {
    // More decimals than the display shows is only acceptable when the extra digits are zeros:
    // anything else would be a figure the table cannot print, and rounding it is not ours to do.
    if (frac.length > d.decimals && !/^0+$/.test(frac.slice(d.decimals))) {
      return 'too-many-decimals';
    }
  } else if (frac.length > exact && !/^0+$/.test(frac.slice(exact))) {
    return 'finer-than-fen';
  }
  const fraction = frac.slice(0, exact).padEnd(exact, '0');
  const magnitude = BigInt(digits) * BigInt(FEN_PER[unit]) + BigInt(fraction);
  if (magnitude > BigInt(MAX_AMOUNT_CENTS)) return 'too-large';
  const n = Number(magnitude);
  const c = (minus && n !== 0 ? -n : n) as Cents;
  // Stated in the other unit: exact in 分, but the document may not show it (1.5 元 is
  // 0.00015 万元): refused, saying what it would be, rather than rounded.
  if (!canShow(c, d)) {
    return { unshowable: formatAmount(c, { unit: d.unit, decimals: EXACT_DECIMALS[d.unit] }) };
  }
  return c;
}

/**
 * Parses a decimal amount in the display's unit, such as `10,584.83`, `38.4`, `0` or `-1.5`, also
 * typed with full-width digits (`１２３．４５`, `1，234.5`) or with its unit (`38.41万元` in a 元
 * document is 384,100.00 元; a bare number is always in the document's unit).
 * Returns undefined when the text is not an amount the display accepts; callers turn that into
 * their own message because only they know which field or line it came from.
 */
export function tryParseAmount(text: string, d: MoneyDisplay): Cents | undefined {
  const parsed = parseMagnitude(text, d);
  return typeof parsed === 'number' ? parsed : undefined;
}

/** `单位万元，最多 2 位小数`: what an amount field takes (a bare number is in this unit). */
export function amountHint(d: MoneyDisplay): string {
  return `单位${d.unit}，最多 ${d.decimals} 位小数`;
}

/** Why a figure with more decimals is refused, and what the clerk can do about it. */
function noRounding(d: MoneyDisplay): string {
  const more =
    d.decimals < MONEY_DECIMALS[d.unit].max ? '，或在“金额单位”中增加小数位数' : '；金额最小到分';
  return `本表金额单位为${d.unit}，保留 ${d.decimals} 位小数；金额不会被四舍五入，请核对${more}`;
}

/**
 * What is wrong with `text` as an amount, in words for a message after the field's name
 * (`超过金额上限 999,999,999.99 万元`, `不是有效金额（单位万元，最多 2 位小数）`), or undefined
 * when it is one.
 */
export function amountProblem(text: string, d: MoneyDisplay): string | undefined {
  const c = parseMagnitude(text, d);
  if (c === 'too-large') return `超过金额上限 ${maxAmountText(d)}`;
  if (c === 'too-many-decimals') return `超过 ${d.decimals} 位小数（${noRounding(d)}）`;
  if (c === 'finer-than-fen') return '不是有效金额（金额最小到分：元最多 2 位小数，万元最多 6 位）';
  if (typeof c === 'object') {
    return `即 ${c.unshowable.replace(/\.?0+$/, '')} ${d.unit}，超过 ${d.decimals} 位小数（${noRounding(d)}）`;
  }
  if (c === undefined) return `不是有效金额（${amountHint(d)}）`;
  return undefined;
}

export function parseAmount(text: string, where: string, d: MoneyDisplay): Cents {
  const problem = amountProblem(text, d);
  if (problem) throw new UserError(`${where}：“${text}”${problem}`);
  return tryParseAmount(text, d)!;
}

/**
 * `10584.83`, `-0.50`, `0.00` (万元, 2 decimals), `330.984000` (6), `3309840.00` (元): exactly the
 * display's decimals, no grouping (interchange, inputs). An amount the display cannot show (a file
 * another tool wrote) keeps its extra digits — `330.984` with 2 decimals — never rounded.
 */
export function formatAmount(c: Cents, d: MoneyDisplay): string {
  // Any integer, also one past the exact range (a stored value another tool wrote, shown in a
  // message): BigInt then, plain numbers for everything a document really holds.
  if (!Number.isSafeInteger(c)) return formatDigits(BigInt(c), d);
  const neg = c < 0;
  const abs = Math.abs(c);
  const per = FEN_PER[d.unit];
  const rest = abs % per;
  return shown(neg, String((abs - rest) / per), rest, d);
}

function formatDigits(n: bigint, d: MoneyDisplay): string {
  const abs = n < 0n ? -n : n;
  const per = BigInt(FEN_PER[d.unit]);
  return shown(n < 0n, String(abs / per), Number(abs % per), d);
}

function shown(neg: boolean, whole: string, rest: number, d: MoneyDisplay): string {
  const exact = String(rest).padStart(EXACT_DECIMALS[d.unit], '0');
  const frac = exact.slice(0, d.decimals) + exact.slice(d.decimals).replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** `10,584.83`: with thousands separators, as the printed table shows amounts. */
export function formatAmountGrouped(c: Cents, d: MoneyDisplay): string {
  const plain = formatAmount(c, d);
  const [intPart = '', frac = ''] = plain.split('.');
  const neg = intPart.startsWith('-');
  const digits = neg ? intPart.slice(1) : intPart;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${frac}`;
}
