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
  ZERO,
  type Cents,
  type MoneyDisplay,
} from './shared/money.ts';
import { standardTitle, sumTotals, totalsOf } from './shared/totals.ts';
import { builtInTree } from './built-in-trees.ts';
import { TreeIndex, treeSchema, type CategoryTree } from './shared/tree.ts';
import { upgradeLegacyDetails } from './legacy-details.ts';
import { sentenceValue, type IndicatorValue } from './shared/indicator-value.ts';
import {
  parseBasisKind,
  parseIndicatorValue,
  parseOperator,
  parsePolarity,
  parseWeight,
  printedValue,
  sameIndicatorValue,
  type Parsed,
} from './shared/indicator-fields.ts';
import {
  parseContinuity,
  parseRecurrence,
  parseYearMonth,
  periodProblem,
} from './shared/project-fields.ts';
import {
  type DocumentData,
  type IndicatorData,
  type ProjectData,
  type Totals,
} from './shared/types.ts';

/**
 * The JSON interchange format `target-table/2`: a whole document as one JSON value. Fields may be
 * added in later versions, none renamed. Amounts are decimal strings (never JSON numbers: those
 * are binary floats) in the document's unit, `moneyUnit` (万元 or 元), with its `moneyDecimals`,
 * exactly. dump → load → dump is the identity.
 *
 * Version 2 adds the money setting and the national field set: per indicator a structured value
 * beside the printed one (`cycle` / `annual`: operator, value, unit and the sentence it was made
 * from), 权重 as a decimal string, 设定依据 (`basisKind`, `basis`), 指标解释, 指标方向, 上年指标值;
 * per project 总体目标, 实施期, 性质, 类别, 项目资金总额, 上年结转 (amounts as every other). What is
 * not set is not written, so a plain table stays plain. `load` still reads version 1, whose
 * amounts are 万元 with two decimals and whose 指标性质 (`direction`, in any spelling: ASCII `=`
 * or `>=` too) and 计量单位 become structured values as an upgraded file's do.
 */

export const FORMAT = 'target-table/2';
export const FORMAT_V1 = 'target-table/1';

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

/** A structured value's own fields; a sentence has none beyond the printed text. */
function structuredJson(v: IndicatorValue) {
  if (v.kind === 'sentence') return undefined;
  return {
    operator: v.operator,
    value: v.value,
    unit: v.unit,
    ...(v.source === null ? {} : { source: v.source }),
  };
}

function indicatorJson(i: IndicatorData) {
  const cycle = structuredJson(i.cycle);
  const annual = structuredJson(i.annual);
  return {
    level1: { code: i.level1.code, name: i.level1.name },
    level2: { code: i.level2.code, name: i.level2.name },
    name: i.name,
    cycleValue: i.cycleValue,
    annualValue: i.annualValue,
    annualFollowsCycle: i.annualFollowsCycle,
    // The fields of fuller budget systems appear only when set, so plain tables stay plain.
    ...(cycle ? { cycle } : {}),
    ...(annual ? { annual } : {}),
    ...(i.weight === null ? {} : { weight: i.weight as string }),
    ...(i.basis.kind === null ? {} : { basisKind: i.basis.kind }),
    ...(i.basis.text === '' ? {} : { basis: i.basis.text }),
    ...(i.explanation === '' ? {} : { explanation: i.explanation }),
    ...(i.polarity === null ? {} : { polarity: i.polarity }),
    ...(i.previous === null ? {} : { previousValue: i.previous }),
  };
}

/** A project's fields of fuller budget systems, only those set. */
function projectFieldsJson(p: ProjectData, money: MoneyDisplay) {
  const period = {
    ...(p.period.start === null ? {} : { start: p.period.start }),
    ...(p.period.end === null ? {} : { end: p.period.end }),
  };
  return {
    ...(p.overallGoal === '' ? {} : { overallGoal: p.overallGoal }),
    ...(Object.keys(period).length === 0 ? {} : { period }),
    ...(p.continuity === null ? {} : { continuity: p.continuity }),
    ...(p.recurrence === null ? {} : { recurrence: p.recurrence }),
    ...(p.category === '' ? {} : { category: p.category }),
    ...(p.totalBudget === null ? {} : { totalBudget: formatAmount(p.totalBudget, money) }),
    ...(p.carryOver === 0 ? {} : { carryOver: formatAmount(p.carryOver, money) }),
    ...(p.noServiceRecipients ? { noServiceRecipients: true } : {}),
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
    ...(doc.printLayout === null ? {} : { printLayout: doc.printLayout }),
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
        ...projectFieldsJson(p, doc.money),
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

/** A zod check that runs one of the shared field rules (its message is the clerk's). */
function rule<T>(parse: (text: string) => Parsed<T>) {
  return z.string().superRefine((s, ctx) => {
    const parsed = parse(s);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  });
}

const structuredInput = z.object({
  operator: rule(parseOperator),
  value: z.string(),
  unit: z.string(),
  source: z.string().optional(),
});

const indicatorInput = z.object({
  level1: category.optional(),
  level2: category,
  name: z.string(),
  cycleValue: z.string(),
  annualValue: z.string(),
  annualFollowsCycle: z.boolean(),
  cycle: structuredInput.optional(),
  annual: structuredInput.optional(),
  // target-table/1: 指标性质 and 计量单位 (see db/legacy-details.ts), 权重 as a whole number.
  direction: rule(parseOperator).optional(),
  measureUnit: z.string().optional(),
  weight: z
    .union([z.number().int().min(0).max(100), rule(parseWeight)], {
      error: '权重应为 0 到 100 之间的数',
    })
    .optional(),
  basisKind: rule(parseBasisKind).optional(),
  basis: z.string().optional(),
  explanation: z.string().optional(),
  polarity: rule(parsePolarity).optional(),
  previousValue: z.string().optional(),
});

const month = rule(parseYearMonth);

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
  if (format === FORMAT_V1) return PUBLISHED_TABLE_MONEY;
  if (format !== FORMAT) {
    throw new UserError(
      `JSON 内容有误，位置 format：不是本程序的 JSON 格式（format 应为 "${FORMAT}" 或 "${FORMAT_V1}"）`,
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
  const amount = amountIn(money);
  return z.object({
    format: z.string(),
    ...(version1
      ? {
          moneyUnit: z.literal(PUBLISHED_TABLE_MONEY.unit, {
            error: `${FORMAT_V1} 的金额单位只能是“${PUBLISHED_TABLE_MONEY.unit}”`,
          }),
        }
      : {}),
    department: z.string(),
    year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
    previousYear: z.number().int().min(MIN_YEAR).max(MAX_YEAR).optional(),
    title: z.string().optional(),
    /** The print layout the document remembers; checked against the shipped ones on writing. */
    printLayout: z.string().max(64).optional(),
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
            overallGoal: z.string().optional(),
            period: z.object({ start: month.optional(), end: month.optional() }).optional(),
            continuity: rule(parseContinuity).optional(),
            recurrence: rule(parseRecurrence).optional(),
            category: z.string().optional(),
            totalBudget: amount.optional(),
            carryOver: amount.optional(),
            noServiceRecipients: z.boolean().optional(),
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
 * Reads a `target-table/2` (or `/1`) JSON value into a draft. Refuses, naming the place,
 * anything the model could not hold or that contradicts itself (a 总计 that is not the sum of its
 * sources, a first-level category that is not the parent of the second-level one, a structured
 * value whose printed text is another, a 实施期 that ends before it starts).
 */
export function loadDocumentJson(value: unknown): TableDraft {
  const refused = (error: z.ZodError): never => {
    const issue = error.issues[0]!;
    throw new UserError(`JSON 内容有误，位置 ${where(issue.path)}：${issue.message}`);
  };
  const money = moneyOf(value);
  if (money instanceof z.ZodError) return refused(money);
  const version1 = (value as { format: unknown }).format === FORMAT_V1;
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
        return loadIndicator(i, ipath, version1);
      });
      const period = {
        start: p.period?.start === undefined ? null : ok(parseYearMonth(p.period.start)),
        end: p.period?.end === undefined ? null : ok(parseYearMonth(p.period.end)),
      };
      const reversed = periodProblem(period.start, period.end);
      if (reversed) throw new UserError(`JSON 内容有误，位置 ${path}.period：${reversed}`);
      const previous = p.previousAmounts
        ? checkTotals(p.previousAmounts, `${path}.previousAmounts`)
        : null;
      return {
        name: p.name,
        goal: p.goal,
        amounts: totals,
        previous,
        overallGoal: p.overallGoal ?? '',
        period,
        continuity: p.continuity === undefined ? null : ok(parseContinuity(p.continuity)),
        recurrence: p.recurrence === undefined ? null : ok(parseRecurrence(p.recurrence)),
        category: p.category ?? '',
        totalBudget: p.totalBudget === undefined ? null : c(p.totalBudget),
        carryOver: p.carryOver === undefined ? ZERO : c(p.carryOver),
        noServiceRecipients: p.noServiceRecipients ?? false,
        indicators,
      };
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
    printLayout: input.printLayout ?? null,
    units,
  };
}

/** A value the schema has already checked with the same rule. */
function ok<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

type IndicatorInput = z.infer<typeof indicatorInput>;

/**
 * One indicator: its values from `cycle` / `annual` when structured (the printed text must be
 * theirs), else the sentences; version 1's details as an upgraded file's.
 */
function loadIndicator(i: IndicatorInput, ipath: string, v1: boolean): DraftIndicator {
  const refuse = (where: string, message: string) =>
    new UserError(`JSON 内容有误，位置 ${ipath}${where}：${message}`);
  const value = (
    structured: IndicatorInput['cycle'],
    printed: string,
    key: 'cycle' | 'annual',
  ): IndicatorValue => {
    if (structured === undefined) return sentenceValue(printed);
    const parsed = parseIndicatorValue({ kind: 'structured', ...structured });
    if (!parsed.ok) throw refuse(`.${key}`, parsed.message);
    if (printedValue(parsed.value) !== printed) {
      throw refuse(
        `.${key}Value`,
        `“${printed}”与 ${key} 的结构化值（${printedValue(parsed.value)}）不一致`,
      );
    }
    return parsed.value;
  };
  let cycle = value(i.cycle, i.cycleValue, 'cycle');
  let annual = value(i.annual, i.annualValue, 'annual');
  let explanation = i.explanation ?? '';
  const legacy = i.direction !== undefined || i.measureUnit !== undefined;
  if (legacy && (i.cycle !== undefined || i.annual !== undefined)) {
    throw refuse('', 'direction / measureUnit（第 1 版的写法）不能与 cycle / annual 同时出现');
  }
  if (legacy) {
    const up = upgradeLegacyDetails({
      cycleValue: i.cycleValue,
      annualValue: i.annualValue,
      annualFollowsCycle: i.annualFollowsCycle && i.cycleValue === i.annualValue,
      direction: i.direction ?? null,
      measureUnit: i.measureUnit ?? null,
      weight: null,
      basis: null,
    });
    cycle = up.cycle;
    annual = up.annual;
    explanation = [explanation, up.explanation].filter((t) => t !== '').join('；');
  }
  if (i.annualFollowsCycle && !sameIndicatorValue(annual, cycle)) {
    throw refuse('', 'annualFollowsCycle 为 true，但年度指标值与实施周期指标值不同');
  }
  const weight =
    i.weight === undefined
      ? null
      : typeof i.weight === 'number'
        ? ok(parseWeight(String(i.weight)))
        : ok(parseWeight(i.weight));
  const basisText = i.basis ?? '';
  // Version 1 kept the kind as text: one that names a kind exactly becomes that kind.
  const basis =
    i.basisKind !== undefined || !v1
      ? {
          kind: i.basisKind === undefined ? null : ok(parseBasisKind(i.basisKind)),
          text: basisText,
        }
      : upgradeLegacyDetails({
          cycleValue: '',
          annualValue: '',
          annualFollowsCycle: true,
          direction: null,
          measureUnit: null,
          weight: null,
          basis: basisText,
        }).basis;
  return {
    level2Code: i.level2.code,
    name: i.name,
    cycleValue: i.cycleValue,
    annualValue: i.annualValue,
    annualFollowsCycle: i.annualFollowsCycle,
    cycle,
    annual,
    weight,
    basis,
    explanation,
    polarity: i.polarity === undefined ? null : ok(parsePolarity(i.polarity)),
    previous: i.previousValue ?? null,
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
