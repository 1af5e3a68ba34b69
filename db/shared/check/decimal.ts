/**
 * Exact arithmetic on decimals as clerks type them (权重 `12.5`, 指标值 `100.00`, a figure in a
 * name `1.5万`). Binary floats are never used: 33.3 + 33.3 + 33.4 must be 100, and 0.1 + 0.2 must
 * not differ from 0.3. A decimal is held as an integer of units of 10^-scale.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/u;

/** A non-negative decimal from ASCII digits with an optional point (`95`, `12.50`). */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  return { units: BigInt(m[1]! + fraction), scale: fraction.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimals(xs: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...xs.map((d) => d.scale));
  return { units: xs.reduce((sum, d) => sum + rescale(d, scale), 0n), scale };
}

/** |a − b|, exactly. */
export function distanceDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  const d = rescale(a, scale) - rescale(b, scale);
  return { units: d < 0n ? -d : d, scale };
}

/** The decimal times 10^exponent (exponent ≥ 0): `1.5` with 万 is 15000. */
export function shiftDecimal(d: Decimal, exponent: number): Decimal {
  const drop = Math.min(exponent, d.scale);
  return { units: d.units * 10n ** BigInt(exponent - drop), scale: d.scale - drop };
}

/** As a message shows it: no trailing zeros after the point (`99.5`, `100`). */
export function formatDecimal(d: Decimal): string {
  const digits = d.units.toString().padStart(d.scale + 1, '0');
  if (d.scale === 0) return digits;
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = digits.slice(digits.length - d.scale).replace(/0+$/u, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}
