import { z } from 'zod';
import { UserError } from './shared/errors.ts';
import { MAX_YEAR, MIN_YEAR } from './shared/limits.ts';
import type { DraftIndicator, DraftProject, DraftUnit, TableDraft } from './import/draft.ts';
import {
  amountProblem,
  formatAmount,
  MONEY_UNITS,
  moneyDisplayProblem,
  PUBLISHED_TABLE_MONEY,
  tryParseAmount,
  type Cents,
  type MoneyDisplay,
} from './shared/money.ts';
import { standardTitle, sumTotals, totalsOf } from './shared/totals.ts';
import { builtInTree } from './built-in-trees.ts';
import { TreeIndex, treeSchema, type CategoryTree } from './shared/tree.ts';
import {
  INDICATOR_DIRECTIONS,
  type DocumentData,
  type IndicatorData,
  type Totals,
} from './shared/types.ts';

/**
 * The JSON interchange format `target-table/2`: a whole document as one JSON value. Fields may be
 * added in later versions, none renamed. Amounts are decimal strings (never JSON numbers: those
 * are binary floats) in the document's unit, `moneyUnit` (万元 or 元), with its `moneyDecimals`,
 * exactly. dump → load → dump is the identity. `load` still reads `target-table/1`, whose
 * amounts are 万元 with two decimals.
 */

export const FORMAT = 'target-table/2';
export const FORMAT_1 = 'target-table/1';

export interface TotalsJson {
  total: string;
  fiscal: string;
  specialAccount: string;
  other: string;
}

function totalsOfJson(t: Totals, money: MoneyDisplay): TotalsJson {
  return {
    total: formatAmount(t.total, money),
    fiscal: formatAmount(t.fiscal, money),
    specialAccount: formatAmount(t.specialAccount, money),
    other: formatAmount(t.other, money),
  };
}

function indicatorJson(i: IndicatorData) {
  return {
    level1: { code: i.level1.code, name: i.level1.name },
    level2: { code: i.level2.code, name: i.level2.name },
    name: i.name,
    cycleValue: i.cycleValue,
    annualValue: i.annualValue,
    annualFollowsCycle: i.annualFollowsCycle,
    // Details of fuller budget systems appear only when set, so plain tables stay plain.
    ...(i.details.direction === null ? {} : { direction: i.details.direction }),
    ...(i.details.measureUnit === null ? {} : { measureUnit: i.details.measureUnit }),
    ...(i.details.weight === null ? {} : { weight: i.details.weight }),
    ...(i.details.basis === null ? {} : { basis: i.details.basis }),
  };
}

export function dumpDocument(doc: DocumentData) {
  const totalsJson = (t: Totals) => totalsOfJson(t, doc.money);
  return {
    format: FORMAT,
    department: doc.department,
    year: doc.year,
    ...(doc.previousYear === null ? {} : { previousYear: doc.previousYear }),
    title: doc.title,
    moneyUnit: doc.money.unit,
    moneyDecimals: doc.money.decimals,
    tree: doc.tree.id,
    treeDefinition: doc.tree,
    totals: totalsJson(doc.totals),
    units: doc.units.map((u) => ({
      name: u.name,
      totals: totalsJson(u.totals),
      projects: u.projects.map((p) => ({
        name: p.name,
        amounts: totalsJson(p.totals),
        ...(p.previous === null ? {} : { previousAmounts: totalsJson(p.previous) }),
        goal: p.goal,
        indicators: p.indicators.map(indicatorJson),
      })),
    })),
  };
}

export type DocumentJson = ReturnType<typeof dumpDocument>;

export function dumpToString(doc: DocumentData): string {
  return `${JSON.stringify(dumpDocument(doc), null, 2)}\n`;
}

// ---- load ----------------------------------------------------------------------------------

/** An amount in `money`'s unit and decimals. */
const amountIn = (money: MoneyDisplay) =>
  z.string({ error: '金额必须写成字符串（例如 "38.41"），不能是数字' }).superRefine((s, ctx) => {
    // The same wording as the editor: "over the maximum" is not "not an amount".
    const problem = amountProblem(s, money);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const totalsIn = (money: MoneyDisplay) => {
  const amount = amountIn(money);
  return z.object({
    total: amount.optional(),
    fiscal: amount,
    specialAccount: amount,
    other: amount,
  });
};

const category = z.object({ code: z.string(), name: z.string() });

const indicatorInput = z.object({
  level1: category.optional(),
  level2: category,
  name: z.string(),
  cycleValue: z.string(),
  annualValue: z.string(),
  annualFollowsCycle: z.boolean(),
  direction: z.enum(INDICATOR_DIRECTIONS).optional(),
  measureUnit: z.string().optional(),
  weight: z.number().int().min(0).max(100).optional(),
  basis: z.string().optional(),
});

const moneySetting = z.object({
  moneyUnit: z.enum(MONEY_UNITS, { error: `金额单位应为 ${MONEY_UNITS.join(' 或 ')}` }),
  moneyDecimals: z.number({ error: '小数位数应为整数' }).int({ error: '小数位数应为整数' }),
});

/**
 * The document's money setting, read before its amounts (which are written in it): 万元 with two
 * decimals for `target-table/1`, which had no setting.
 */
function moneyOf(value: unknown): MoneyDisplay | z.ZodError {
  const format = (value as { format?: unknown } | null)?.format;
  if (format === FORMAT_1) return PUBLISHED_TABLE_MONEY;
  if (format !== FORMAT) {
    throw new UserError(
      `JSON 内容有误，位置 format：不是本程序的 JSON 格式（format 应为 "${FORMAT}" 或 "${FORMAT_1}"）`,
    );
  }
  const parsed = moneySetting.safeParse(value);
  if (!parsed.success) return parsed.error;
  const { moneyUnit: unit, moneyDecimals: decimals } = parsed.data;
  const problem = moneyDisplayProblem(unit, decimals);
  if (problem) throw new UserError(`JSON 内容有误，位置 moneyDecimals：${problem}`);
  return { unit, decimals };
}

function documentInput(money: MoneyDisplay, version1: boolean) {
  const totalsInput = totalsIn(money);
  return z.object({
    format: z.string(),
    ...(version1
      ? {
          moneyUnit: z.literal(PUBLISHED_TABLE_MONEY.unit, {
            error: `${FORMAT_1} 的金额单位只能是“${PUBLISHED_TABLE_MONEY.unit}”`,
          }),
        }
      : {}),
    department: z.string(),
    year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
    previousYear: z.number().int().min(MIN_YEAR).max(MAX_YEAR).optional(),
    title: z.string().optional(),
    tree: z.string(),
    treeDefinition: treeSchema.optional(),
    totals: totalsInput.optional(),
    units: z.array(
      z.object({
        name: z.string(),
        totals: totalsInput.optional(),
        projects: z.array(
          z.object({
            name: z.string(),
            amounts: totalsInput,
            previousAmounts: totalsInput.optional(),
            goal: z.string(),
            indicators: z.array(indicatorInput),
          }),
        ),
      }),
    ),
  });
}

type TotalsInput = z.infer<ReturnType<typeof totalsIn>>;

function where(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? '（根）'
    : path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .slice(1);
}

/**
 * Reads a `target-table/1` JSON value into a draft. Refuses, naming the place, anything the
 * model could not hold or that contradicts itself (a 总计 that is not the sum of its sources,
 * a first-level category that is not the parent of the second-level one).
 */
export function loadDocumentJson(value: unknown): TableDraft {
  const refused = (error: z.ZodError): never => {
    const issue = error.issues[0]!;
    throw new UserError(`JSON 内容有误，位置 ${where(issue.path)}：${issue.message}`);
  };
  const money = moneyOf(value);
  if (money instanceof z.ZodError) return refused(money);
  const version1 = (value as { format: unknown }).format === FORMAT_1;
  const parsed = documentInput(money, version1).safeParse(value);
  if (!parsed.success) refused(parsed.error);
  const input = parsed.data!;
  const c = (s: string) => tryParseAmount(s, money) as Cents;
  const tree: CategoryTree | undefined = input.treeDefinition ?? builtInTree(input.tree);
  if (!tree) throw new UserError(`JSON 使用的指标体系“${input.tree}”在本程序中不存在`);
  if (tree.id !== input.tree) {
    throw new UserError(`JSON 的 tree（${input.tree}）与 treeDefinition.id（${tree.id}）不一致`);
  }
  const index = new TreeIndex(tree);

  const checkTotals = (t: TotalsInput, path: string) => {
    const derived = totalsOf({
      fiscal: c(t.fiscal),
      specialAccount: c(t.specialAccount),
      other: c(t.other),
    });
    if (t.total !== undefined && c(t.total) !== derived.total) {
      throw new UserError(
        `JSON 内容有误，位置 ${path}.total：总计 ${t.total} 不等于财政拨款、财政专户拨款、其他资金之和 ${formatAmount(derived.total, money)}`,
      );
    }
    return derived;
  };
  const checkSum = (given: TotalsInput | undefined, derived: Totals, path: string) => {
    if (!given) return;
    for (const key of ['fiscal', 'specialAccount', 'other'] as const) {
      if (c(given[key]) !== derived[key]) {
        throw new UserError(
          `JSON 内容有误，位置 ${path}.${key}：${given[key]} 与下级之和 ${formatAmount(derived[key], money)} 不一致`,
        );
      }
    }
    checkTotals(given, path);
  };

  const unitTotals: Totals[] = [];
  const units: DraftUnit[] = input.units.map((u, ui) => {
    const projectTotals: Totals[] = [];
    const projects: DraftProject[] = u.projects.map((p, pi) => {
      const path = `units[${ui}].projects[${pi}]`;
      const totals = checkTotals(p.amounts, `${path}.amounts`);
      projectTotals.push(totals);
      const indicators: DraftIndicator[] = p.indicators.map((i, ii) => {
        const ipath = `${path}.indicators[${ii}]`;
        const resolved = index.resolve(i.level2.code);
        if (!resolved) {
          throw new UserError(
            `JSON 内容有误，位置 ${ipath}.level2：“${i.level2.code}”不是指标体系“${tree.name}”的二级指标`,
          );
        }
        if (i.level1 && i.level1.code !== resolved.level1.code) {
          throw new UserError(
            `JSON 内容有误，位置 ${ipath}.level1：${i.level2.code} 属于一级指标 ${resolved.level1.code}-${resolved.level1.name}，而不是 ${i.level1.code}`,
          );
        }
        if (i.annualFollowsCycle && i.annualValue !== i.cycleValue) {
          throw new UserError(
            `JSON 内容有误，位置 ${ipath}：annualFollowsCycle 为 true，但年度指标值与实施周期指标值不同`,
          );
        }
        return {
          level2Code: i.level2.code,
          name: i.name,
          cycleValue: i.cycleValue,
          annualValue: i.annualValue,
          annualFollowsCycle: i.annualFollowsCycle,
          details: {
            direction: i.direction ?? null,
            measureUnit: i.measureUnit ?? null,
            weight: i.weight ?? null,
            basis: i.basis ?? null,
          },
        };
      });
      const previous = p.previousAmounts
        ? checkTotals(p.previousAmounts, `${path}.previousAmounts`)
        : null;
      return { name: p.name, goal: p.goal, amounts: totals, previous, indicators };
    });
    const totals = sumTotals(projectTotals);
    checkSum(u.totals, totals, `units[${ui}].totals`);
    unitTotals.push(totals);
    return { name: u.name, projects };
  });
  checkSum(input.totals, sumTotals(unitTotals), 'totals');

  const title =
    input.title === undefined || input.title === standardTitle(input.department, input.year)
      ? null
      : input.title;
  return {
    department: input.department,
    year: input.year,
    previousYear: input.previousYear ?? null,
    title,
    tree,
    money,
    units,
  };
}

/** Parses JSON text, turning a syntax error into a message that names the position. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError(`${source} 不是有效的 JSON：${(e as Error).message}`);
  }
}
