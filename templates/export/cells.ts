import { formatAmountGrouped, type Cents, type MoneyDisplay } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';

/**
 * An amount as the printed table shows it, in the document's unit and decimals: `10,584.83`, and
 * a zero as an empty cell.
 */
export function amountText(amount: Cents, money: MoneyDisplay): string {
  return amount === 0 ? '' : formatAmountGrouped(amount, money);
}

/** Values for the `{…}` placeholders of a layout's texts. */
export type PatternValues = Readonly<Record<string, string | number>>;

/** The placeholders every layout text may use, taken from the document. */
export function documentValues(doc: DocumentData): PatternValues {
  return {
    标题: doc.title,
    部门名称: doc.department,
    年度: doc.year,
    金额单位: doc.money.unit,
  };
}

/**
 * Fills `{名称}` placeholders. An unknown placeholder is a bug in a layout, so it throws rather
 * than print braces on a clerk's table.
 */
export function fillPattern(pattern: string, values: PatternValues): string {
  return pattern.replace(/\{([^{}]+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`layout text "${pattern}" uses unknown {${key}}`);
    return String(v);
  });
}
