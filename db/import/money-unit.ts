import {
  MAX_AMOUNT_CENTS,
  MONEY_DECIMALS,
  type Cents,
  type MoneyDisplay,
  type MoneyUnit,
} from '../shared/money.ts';
import { describeWhere, ImportError, type Where } from './source-where.ts';

/**
 * The money unit of a table read from elsewhere, and its amounts in that unit, exactly.
 *
 * A unit is never assumed: a table in 元 read as 万元 is 10,000 times too large and no check
 * can tell. So every reader finds the unit the table states (anywhere in its header, in any of
 * the ways regions state it) or refuses, unless the clerk names it (`--unit`).
 */

export interface FoundUnit {
  readonly unit: MoneyUnit;
  readonly where: Where;
  /** The line as it states the unit, for notes and messages. */
  readonly text: string;
}

/** Either unit, not followed by more of a word (`元宝区` is a place, not a unit). */
const UNIT = String.raw`(万元|元)(?![\p{Script=Han}A-Za-z0-9])`;

/**
 * `单位：万元`, `金额单位:元`, `（单位：万元）`, `单位：元` at the end of a line after
 * `部门名称：…`: a statement of the unit, wherever it sits in the line.
 */
const UNIT_STATEMENT = new RegExp(String.raw`单\s*位\s*[:：]\s*${UNIT}`, 'u');

/**
 * A label cell naming its unit in brackets: `项目资金（元）`, `金额(万元)`, `预算数（万元）`,
 * `年度资金（单位：万元）`. Only labels of money: an indicator or column like `补助标准（元）`
 * elsewhere in a form states a unit of a value, not of the table's amounts.
 */
const LABEL_UNIT = new RegExp(
  String.raw`(?:资金|金额|预算|预算数|拨款|总额|总计|合计|投资|经费|资金来源)[^（()）]{0,8}[（(]\s*(?:单\s*位\s*[:：]\s*)?${UNIT}\s*[)）]`,
  'u',
);

/** `单位：千元`, `金额单位：亿元`, `单位：美元`: a unit stated that the program does not keep. */
const OTHER_UNIT = /单\s*位\s*[:：]\s*([^\s:：|｜()（）]{1,3}元)(?![\p{Script=Han}A-Za-z0-9])/u;

/** Longer lines are prose (a goal), not a header's statement; and the patterns stay linear. */
const MAX_UNIT_LINE = 2000;

/** The unit a line states, if it states one. */
export function lineMoneyUnit(text: string): MoneyUnit | null {
  if (text.length > MAX_UNIT_LINE) return null;
  const m = UNIT_STATEMENT.exec(text) ?? LABEL_UNIT.exec(text);
  return m ? (m[1] as MoneyUnit) : null;
}

/**
 * The unit the lines state (the header of a table, or a form's cells joined by row), or null
 * when none does. Two different units stated is a table nobody can read safely: refused, with
 * both lines named.
 */
export function findMoneyUnit(
  lines: readonly { readonly text: string; readonly where: Where }[],
): FoundUnit | null {
  let found: FoundUnit | null = null;
  for (const line of lines) {
    const unit = lineMoneyUnit(line.text);
    const other = unit || line.text.length > MAX_UNIT_LINE ? null : OTHER_UNIT.exec(line.text);
    if (other) {
      throw new ImportError(
        line.where,
        `金额单位为“${other[1]}”；只支持单位为万元或元的表格（请先把金额换算为万元或元）`,
      );
    }
    if (!unit) continue;
    if (!found) {
      found = { unit, where: line.where, text: line.text.trim() };
    } else if (found.unit !== unit) {
      throw new ImportError(
        line.where,
        `金额单位前后不一致：${describeWhere(found.where)}为“${shorten(found.text)}”，${describeWhere(line.where)}为“${shorten(line.text.trim())}”；请核对表格后再导入`,
      );
    }
  }
  return found;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** 分 in one of each unit. */
const FEN_PER: Readonly<Record<MoneyUnit, bigint>> = { 万元: 1_000_000n, 元: 100n };
/** Decimals that still name whole 分. */
const EXACT_DECIMALS: Readonly<Record<MoneyUnit, number>> = { 万元: 6, 元: 2 };

/**
 * `65`, `1,234.5`, `372.88`, `-3`, with an optional unit of its own: `250万`, `250万元`,
 * `3000元`, `250 万元`. Thousands separators must group by three.
 */
const MONEY_CELL = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|万|元)?$/u;

/** Full-width digits, point and comma as some forms type them. */
function halfWidth(text: string): string {
  return text.replace(/[０-９．，]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * An amount cell in the table's unit as exact 分; a cell stating its own unit (`250万`,
 * `3000元`) is read in that unit. Null for anything else: not a number, more decimals than
 * whole 分 (`1.234` 元), or past the program's maximum. Digits are read as text and BigInt,
 * never through a binary float.
 */
export function parseMoneyCell(text: string, unit: MoneyUnit): Cents | null {
  const m = MONEY_CELL.exec(halfWidth(text.trim()));
  if (!m) return null;
  const [, minus, intPart = '', frac = '', own] = m;
  const u: MoneyUnit = own === undefined ? unit : own === '元' ? '元' : '万元';
  const exact = EXACT_DECIMALS[u];
  if (frac.length > exact && !/^0+$/u.test(frac.slice(exact))) return null;
  const magnitude =
    BigInt(intPart.replaceAll(',', '')) * FEN_PER[u] +
    BigInt(frac.slice(0, exact).padEnd(exact, '0'));
  if (magnitude > BigInt(MAX_AMOUNT_CENTS)) return null;
  const n = Number(magnitude);
  return (minus && n !== 0 ? -n : n) as Cents;
}

/**
 * The display a draft read in `unit` gets so that every amount read shows exactly: 元 with its
 * two decimals (every 分 shows), or 万元 with the fewest decimals from 2 to 6 that show them all
 * (`372.88` stays two decimals, `0.123456` gets six).
 */
export function displayFor(unit: MoneyUnit, amounts: Iterable<Cents>): MoneyDisplay {
  const range = MONEY_DECIMALS[unit];
  let decimals = range.min;
  const per = FEN_PER[unit];
  for (const a of amounts) {
    while (decimals < range.max) {
      const step = per / 10n ** BigInt(decimals);
      if (BigInt(a) % step === 0n) break;
      decimals++;
    }
  }
  return { unit, decimals };
}

/** `--unit 万元|元`: the option that names the unit when a table does not. */
export const UNIT_OPTION_HINT = '--unit 万元|元';

/**
 * The unit of a table: the one it states, or the one the caller gave, never one assumed.
 * A unit given that contradicts the one stated is refused (never reinterpret a table's figures);
 * no unit at all is refused with what to do.
 */
export function settleMoneyUnit(
  found: FoundUnit | null,
  given: MoneyUnit | undefined,
  fallback: Where,
  layout: string,
): { unit: MoneyUnit; found: FoundUnit | null } {
  if (found && given && found.unit !== given) {
    throw new ImportError(
      found.where,
      `表格注明金额单位为${found.unit}（“${shorten(found.text)}”），与指定的单位${given}不一致；不会按${given}重新解读表中金额，请去掉或改正单位选项`,
    );
  }
  if (found) return { unit: found.unit, found };
  if (given) return { unit: given, found: null };
  throw new ImportError(
    fallback,
    `${layout}中找不到金额单位（如“单位：万元”“金额单位：元”“项目资金（元）”），无法确定金额是万元还是元；请核对表格，或指定单位（命令行 ${UNIT_OPTION_HINT}）`,
  );
}
