import { z } from 'zod';
import { UserError } from './shared/errors.ts';
import { MAX_YEAR, MIN_YEAR } from './shared/limits.ts';
import type { DraftIndicator, DraftProject, DraftUnit, TableDraft } from './import/draft.ts';
import { amountProblem, formatAmount, tryParseAmount, type Cents } from './shared/money.ts';
import { standardTitle, sumTotals, totalsOf } from './shared/totals.ts';
import { builtInTree } from './built-in-trees.ts';
import { TreeIndex, treeSchema, type CategoryTree } from './shared/tree.ts';
import { OPERATORS as INDICATOR_DIRECTIONS } from './shared/indicator-value.ts';
import { MONEY_UNIT, type DocumentData, type IndicatorData, type Totals } from './shared/types.ts';

/**
 * The JSON interchange format `target-table/1`: a whole document as one JSON value. Fields may be
 * added in later versions, none renamed. Amounts are decimal strings in 万元 with two decimals
 * (never JSON numbers: those are binary floats). dump → load → dump is the identity.
 */

export const FORMAT = 'target-table/1';

export interface TotalsJson {
  total: string;
  fiscal: string;
  specialAccount: string;
  other: string;
}

function totalsJson(t: Totals): TotalsJson {
  return {
    total: formatAmount(t.total),
    fiscal: formatAmount(t.fiscal),
    specialAccount: formatAmount(t.specialAccount),
    other: formatAmount(t.other),
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
    ...(i.weight === null ? {} : { weight: Number(i.weight) }),
    ...(i.basis.text === '' ? {} : { basis: i.basis.text }),
  };
}

export function dumpDocument(doc: DocumentData) {
  return {
    format: FORMAT,
    department: doc.department,
    year: doc.year,
    ...(doc.previousYear === null ? {} : { previousYear: doc.previousYear }),
    title: doc.title,
    moneyUnit: doc.moneyUnit,
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

const amount = z
  .string({ error: '金额必须写成字符串（例如 "38.41"），不能是数字' })
  .superRefine((s, ctx) => {
    // The same wording as the editor: "over the maximum" is not "not an amount".
    const problem = amountProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const totalsInput = z.object({
  total: amount.optional(),
  fiscal: amount,
  specialAccount: amount,
  other: amount,
});

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

const documentInput = z.object({
  format: z.literal(FORMAT, { error: `不是本程序的 JSON 格式（format 应为 "${FORMAT}"）` }),
  department: z.string(),
  year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
  previousYear: z.number().int().min(MIN_YEAR).max(MAX_YEAR).optional(),
  title: z.string().optional(),
  moneyUnit: z.literal(MONEY_UNIT, { error: '目前只支持金额单位“万元”' }),
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

type TotalsInput = z.infer<typeof totalsInput>;

function where(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? '（根）'
    : path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .slice(1);
}

const c = (s: string) => tryParseAmount(s) as Cents;

/**
 * Reads a `target-table/1` JSON value into a draft. Refuses, naming the place, anything the
 * model could not hold or that contradicts itself (a 总计 that is not the sum of its sources,
 * a first-level category that is not the parent of the second-level one).
 */
export function loadDocumentJson(value: unknown): TableDraft {
  const parsed = documentInput.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`JSON 内容有误，位置 ${where(issue.path)}：${issue.message}`);
  }
  const input = parsed.data;
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
        `JSON 内容有误，位置 ${path}.total：总计 ${t.total} 不等于财政拨款、财政专户拨款、其他资金之和 ${formatAmount(derived.total)}`,
      );
    }
    return derived;
  };
  const checkSum = (given: TotalsInput | undefined, derived: Totals, path: string) => {
    if (!given) return;
    for (const key of ['fiscal', 'specialAccount', 'other'] as const) {
      if (c(given[key]) !== derived[key]) {
        throw new UserError(
          `JSON 内容有误，位置 ${path}.${key}：${given[key]} 与下级之和 ${formatAmount(derived[key])} 不一致`,
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
