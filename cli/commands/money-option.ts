import { UserError } from '../../db/shared/errors.ts';
import type { MoneyUnit } from '../../db/shared/money.ts';
import type { ParsedArgs } from '../command.ts';

/**
 * `--unit 万元|元` of import and rollover: the unit of a source table's amounts when the table
 * does not state it (a table that states another unit is refused, never reinterpreted), and
 * `--year` of import: the budget year of a table whose title does not state it. `wan` and
 * `yuan` are accepted for a terminal without Chinese input.
 */
export const SOURCE_OPTIONS = {
  unit: { type: 'string' },
} as const;

const UNITS: Readonly<Record<string, MoneyUnit>> = {
  万元: '万元',
  wan: '万元',
  wanyuan: '万元',
  元: '元',
  yuan: '元',
};

export function unitOption(args: ParsedArgs): MoneyUnit | undefined {
  const v = args.values.unit;
  if (v === undefined) return undefined;
  const unit = typeof v === 'string' ? UNITS[v.trim().toLowerCase()] : undefined;
  if (!unit) {
    throw new UserError(
      `--unit 应为 万元 或 元（收到“${String(v)}”）| --unit must be 万元 (wan) or 元 (yuan)`,
    );
  }
  return unit;
}

/** A four-digit year option, or a message naming it. */
export function yearOption(args: ParsedArgs): number | undefined {
  const v = args.values.year;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{4}$/u.test(v)) {
    throw new UserError(`--year 应为四位年份，例如 2025（收到“${String(v)}”）`);
  }
  return Number(v);
}
