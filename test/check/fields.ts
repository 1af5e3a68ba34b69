import path from 'node:path';
import { TargetDocument, type NewIndicator, type ProjectFields } from '../../db/document.ts';
import type { IndicatorValueInput } from '../../db/shared/indicator-fields.ts';
import type { MoneyDisplay } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { tempDir } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { DEPARTMENT, GOOD_INDICATORS, goodProject, UNIT } from './build.ts';

/**
 * Documents with the national fields of issue 10 (structured values, 权重, 实施期, 总体目标,
 * 项目资金总额), built through the real store as build.ts does: every field goes through the
 * store's parsing and the rules see its snapshot.
 */

/** A structured value as its three cells are typed (符号 in any spelling, 数值, 单位). */
export function structured(
  operator: string,
  value: string,
  unit: string,
  source?: string,
): IndicatorValueInput {
  return { kind: 'structured', operator, value, unit, ...(source ? { source } : {}) };
}

export function sentence(text: string): IndicatorValueInput {
  return { kind: 'sentence', text };
}

/** Both values; without `annual`, the annual value follows the cycle value. */
export function values(
  cycle: IndicatorValueInput,
  annual?: IndicatorValueInput,
): Pick<NewIndicator, 'cycle' | 'annual'> {
  return annual === undefined ? { cycle } : { cycle, annual };
}

/** build.ts's good indicators (培训经费: 11, 13, 22, 31), each patched by its position. */
export function goodIndicators(
  patches: Readonly<Record<number, Omit<NewIndicator, 'level2Code'>>> = {},
): NewIndicator[] {
  return GOOD_INDICATORS.map((i, k) => {
    const patch = patches[k] ?? {};
    // A structured value replaces the sentence: the store takes one form or the other.
    const cycle = patch.cycle ? {} : { cycleValue: i.cycle ?? '' };
    return { level2Code: i.code, name: i.name ?? '', ...cycle, ...patch };
  });
}

export interface NationalProject {
  /** build.ts's good project's fields, with these. */
  readonly project?: ProjectFields;
  /** goodIndicators() when omitted. */
  readonly indicators?: readonly NewIndicator[];
}

/** A table for `year` (2024 by default) of one unit with these projects. */
export function nationalDocument(
  projects: readonly NationalProject[],
  options: { readonly year?: number; readonly money?: MoneyDisplay } = {},
): DocumentData {
  const doc = TargetDocument.createAndOpen(path.join(tempDir(), 'national.jxmb'), {
    department: DEPARTMENT,
    year: options.year ?? 2024,
    tree: 'default',
    ...(options.money ? { money: options.money } : {}),
  });
  try {
    doc.transaction(() => {
      const unitId = doc.addUnit(UNIT);
      for (const p of projects) {
        const { indicators: _, ...good } = goodProject();
        const projectId = doc.addProject(unitId, { ...good, ...p.project });
        for (const i of p.indicators ?? goodIndicators()) doc.addIndicator(projectId, i);
      }
    });
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

/** One project: the good project with these fields and indicators. */
export function nationalProject(
  project: ProjectFields = {},
  indicators?: readonly NewIndicator[],
  options: { readonly year?: number; readonly money?: MoneyDisplay } = {},
): DocumentData {
  return nationalDocument([{ project, ...(indicators ? { indicators } : {}) }], options);
}

/** Indicators of one category (11-数量指标), so they print in the order given. */
export function quantityIndicators(
  cases: readonly Omit<NewIndicator, 'level2Code'>[],
): NewIndicator[] {
  return cases.map((c) => ({ level2Code: '11', name: '培训人次', ...c }));
}

/**
 * The published 2024 fixture as imported, and after the store's 将指标值转为结构化 (every
 * sentence that is unambiguously one structured value converted, one undo step): the two states
 * a Guangzhou clerk's table is in.
 */
export function panyuBeforeAndAfterStructuring(fixture: string): {
  readonly imported: DocumentData;
  readonly structured: DocumentData;
} {
  const { snapshot: imported, file } = importToSnapshot(fixture);
  const doc = TargetDocument.open(file);
  try {
    doc.structureValues();
    return { imported, structured: doc.snapshot() };
  } finally {
    doc.close();
  }
}
