import path from 'node:path';
import { TargetDocument, type IndicatorFields } from '../../db/document.ts';
import { sentenceValue } from '../../db/shared/indicator-value.ts';
import { parseAmount } from '../../db/shared/money.ts';
import { WAN2 } from '../amounts.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildSample, SAMPLE } from './sample.ts';

/**
 * The sample document (sample.ts) with the national 申报表's fields entered through the store, as
 * the editor enters them, and read back from the file: 总体目标, 实施期, 性质, 类别, 项目资金总额,
 * 上年结转, and structured values, 权重 and 依据 for the indicators of 培训经费, in the forms the
 * real tables of ../shared/fixtures/other-regions/ print.
 */

const amount = (s: string) => parseAmount(s, '测试', WAN2);

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

/** Per 三级指标 of 培训经费: the values and details it gets, typed as a clerk would. */
const INDICATORS: Readonly<Record<string, IndicatorFields>> = {
  举办公务员专题培训班: {
    cycle: { kind: 'structured', operator: '=', value: '36', unit: '期' },
    annual: { kind: 'structured', operator: '＝', value: '12', unit: '期' },
    weight: '30',
    basis: { kind: '历史标准', text: '2024年举办12期' },
  },
  // A grade for the whole period, this year's target still a sentence.
  干部任职培训: {
    cycle: { kind: 'structured', operator: '定性', value: '优', unit: '' },
    weight: '20',
  },
  // Sentences, no 依据.
  '打造高水平两新组织书记队伍。': { weight: '20' },
  参训人员满意度: {
    cycle: { kind: 'structured', operator: '>=', value: '90', unit: '%' },
    weight: '30',
    basis: { kind: '计划标准' },
  },
};

/** The sample with the national fields; `base` is the same document before they were entered. */
export function buildNationalSample(dir: string): { base: DocumentData; doc: DocumentData } {
  const base = buildSample(dir);
  const doc = TargetDocument.open(path.join(dir, 'sample.jxmb'));
  try {
    for (const p of base.units.flatMap((u) => u.projects)) {
      if (p.name === NATIONAL.project) {
        doc.updateProject(p.id, {
          overallGoal: NATIONAL.overallGoal,
          periodStart: '2025-01',
          periodEnd: '2027年12月',
          continuity: '延续',
          recurrence: '经常性',
          category: NATIONAL.category,
          totalBudget: amount(NATIONAL.totalBudget),
          carryOver: amount(NATIONAL.carryOver),
        });
        for (const i of p.indicators) {
          const fields = INDICATORS[i.name];
          if (fields) doc.updateIndicator(i.id, fields);
        }
      }
      if (p.name === NATIONAL.other) {
        doc.updateProject(p.id, { periodStart: '2025.3', continuity: '新增' });
        for (const i of p.indicators) {
          doc.updateIndicator(i.id, {
            cycle: { kind: 'structured', operator: '=', value: '100', unit: '%' },
          });
        }
      }
    }
    return { base, doc: doc.snapshot() };
  } finally {
    doc.close();
  }
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
