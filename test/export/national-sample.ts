import {
  formatValue,
  sentenceValue,
  structuredIndicatorValue,
  type DecimalText,
  type IndicatorValue,
  type StructuredValue,
} from '../../db/shared/indicator-value.ts';
import { parseAmount } from '../../db/shared/money.ts';
import type { DocumentData, IndicatorData, ProjectData } from '../../db/shared/types.ts';
import { SAMPLE } from './sample.ts';

/**
 * The sample document (sample.ts, a real file read back) with the national 申报表's fields
 * filled in as plain data, as the store will give them once it keeps them: 总体目标, 实施期,
 * 性质, 类别, 项目资金总额, 上年结转, and structured values, 权重 and 依据 for the indicators of
 * 培训经费, in the forms the real tables of ../shared/fixtures/other-regions/ print.
 */

const amount = (s: string) => parseAmount(s, '测试');
const n = (s: string) => s as DecimalText;

function structured(v: StructuredValue): IndicatorValue {
  return structuredIndicatorValue(v);
}

export const NATIONAL = {
  project: '培训经费',
  overallGoal: '三年内将全区党员干部轮训一遍，参训人员满意度保持在90%以上。',
  period: '2025年01月—2027年12月',
  nature: '延续、经常性',
  category: '特定目标类',
  totalBudget: '115.23',
  carryOver: '5.00',
  /** 新增 only, a start month only, no goal for the whole period, no 权重 or 依据. */
  other: SAMPLE.longName,
  otherPeriod: '2025年03月—',
} as const;

/** Per 三级指标 of 培训经费: the values and details it gets. */
const INDICATORS: Readonly<
  Record<string, Partial<Pick<IndicatorData, 'cycle' | 'annual' | 'weight' | 'basis'>>>
> = {
  举办公务员专题培训班: {
    cycle: structured({ operator: '＝', value: n('36'), unit: '期' }),
    annual: structured({ operator: '＝', value: n('12'), unit: '期' }),
    weight: n('30'),
    basis: { kind: '历史标准', text: '2024年举办12期' },
  },
  // A grade for the whole period, this year's target still a sentence.
  干部任职培训: {
    cycle: structured({ operator: '定性', value: '优', unit: '' }),
    weight: n('20'),
  },
  // Sentences, no 依据.
  '打造高水平两新组织书记队伍。': { weight: n('20') },
  参训人员满意度: {
    cycle: structured({ operator: '≥', value: n('90'), unit: '%' }),
    annual: structured({ operator: '≥', value: n('90'), unit: '%' }),
    weight: n('30'),
    basis: { kind: '计划标准', text: '' },
  },
};

function withIndicatorFields(ind: IndicatorData): IndicatorData {
  const fields = INDICATORS[ind.name];
  if (!fields) return ind;
  const cycle = fields.cycle ?? ind.cycle;
  const annual = fields.annual ?? (fields.cycle && ind.annualFollowsCycle ? cycle : ind.annual);
  return {
    ...ind,
    ...fields,
    cycle,
    annual,
    // What the store gives every consumer that wants text: the merged form.
    cycleValue: formatValue(cycle, 'merged'),
    annualValue: formatValue(annual, 'merged'),
  };
}

function withProjectFields(p: ProjectData): ProjectData {
  if (p.name === NATIONAL.project) {
    return {
      ...p,
      overallGoal: NATIONAL.overallGoal,
      period: { start: '2025-01', end: '2027-12' },
      continuity: '延续',
      recurrence: '经常性',
      category: NATIONAL.category,
      totalBudget: amount(NATIONAL.totalBudget),
      carryOver: amount(NATIONAL.carryOver),
      indicators: p.indicators.map(withIndicatorFields),
    };
  }
  if (p.name === NATIONAL.other) {
    return {
      ...p,
      period: { start: '2025-03', end: null },
      continuity: '新增',
      indicators: p.indicators.map((i) => ({
        ...i,
        cycle: structured({ operator: '＝', value: n('100'), unit: '%' }),
        annual: structured({ operator: '＝', value: n('100'), unit: '%' }),
        cycleValue: '＝100%',
        annualValue: '＝100%',
      })),
    };
  }
  return p;
}

export function withNationalFields(doc: DocumentData): DocumentData {
  return {
    ...doc,
    units: doc.units.map((u) => ({ ...u, projects: u.projects.map(withProjectFields) })),
  };
}

/**
 * The same document with every national field as a file without them reads (the defaults of
 * db/read-document.ts), its printed values kept as sentences: what the official layout, which
 * prints none of them, must print identically.
 */
export function withoutNationalFields(doc: DocumentData): DocumentData {
  return {
    ...doc,
    units: doc.units.map((u) => ({
      ...u,
      projects: u.projects.map((p) => ({
        ...p,
        overallGoal: '',
        period: { start: null, end: null },
        continuity: null,
        recurrence: null,
        category: '',
        totalBudget: null,
        carryOver: amount('0'),
        indicators: p.indicators.map((i) => ({
          ...i,
          cycle: sentenceValue(i.cycleValue),
          annual: sentenceValue(i.annualValue),
          weight: null,
          basis: { kind: null, text: '' },
          explanation: '',
          polarity: null,
          previous: null,
        })),
      })),
    })),
  };
}
