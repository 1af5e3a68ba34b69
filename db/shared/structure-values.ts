import {
  SENTENCE_REASON_TEXT,
  structureIndicatorValue,
  formatValue,
  type SentenceReason,
  type StructuredValue,
} from './indicator-value.ts';
import type { DocumentData } from './types.ts';

/**
 * What the command “将指标值转为结构化” does to a document (or one project): which sentences
 * become structured values and which stay sentences, and why. Pure, so the page can show the same
 * list the store acts on; the store (TargetDocument.structureValues) applies the conversions.
 */

interface ValuePlace {
  readonly unitId: number;
  readonly projectId: number;
  readonly indicatorId: number;
  readonly projectName: string;
  readonly indicatorName: string;
  readonly field: 'cycleValue' | 'annualValue';
  /** An annual value that follows the cycle value: it goes (or stays) with it. */
  readonly followsCycle: boolean;
  /** The sentence as it is. */
  readonly text: string;
}

export interface ValueConversion extends ValuePlace {
  readonly value: StructuredValue;
  /** The value as printed after the conversion (`≥95%`). */
  readonly printed: string;
  /** No operator was written (`10辆`) and ＝ was taken: worth a look. */
  readonly operatorImplied: boolean;
}

export interface SentenceLeft extends ValuePlace {
  readonly reason: SentenceReason;
  /** The reason as the review list states it (SENTENCE_REASON_TEXT). */
  readonly reasonText: string;
}

export interface StructurePlan {
  readonly conversions: readonly ValueConversion[];
  readonly left: readonly SentenceLeft[];
  /** Values that were structured already. */
  readonly alreadyStructured: number;
  /** Values the file holds damaged (a defect is reported for each): left untouched. */
  readonly damaged: number;
}

/** Every value of the document (or of project `projectId`), cycle then annual, in order. */
export function planStructuring(doc: DocumentData, projectId?: number): StructurePlan {
  const damagedAt = new Set(
    doc.defects
      .filter((d) => d.location.field === 'cycleValue' || d.location.field === 'annualValue')
      .map((d) => `${d.location.indicatorId}:${d.location.field}`),
  );
  const conversions: ValueConversion[] = [];
  const left: SentenceLeft[] = [];
  let alreadyStructured = 0;
  let damaged = 0;
  for (const unit of doc.units) {
    for (const project of unit.projects) {
      if (projectId !== undefined && project.id !== projectId) continue;
      for (const indicator of project.indicators) {
        for (const field of ['cycleValue', 'annualValue'] as const) {
          const value = field === 'cycleValue' ? indicator.cycle : indicator.annual;
          if (value.kind === 'structured') {
            alreadyStructured++;
            continue;
          }
          const followsCycle = field === 'annualValue' && indicator.annualFollowsCycle;
          const followed = followsCycle ? 'cycleValue' : field;
          if (
            damagedAt.has(`${indicator.id}:${field}`) ||
            damagedAt.has(`${indicator.id}:${followed}`)
          ) {
            damaged++;
            continue;
          }
          const place: ValuePlace = {
            unitId: unit.id,
            projectId: project.id,
            indicatorId: indicator.id,
            projectName: project.name,
            indicatorName: indicator.name,
            field,
            followsCycle,
            text: value.text,
          };
          const { result } = structureIndicatorValue(value);
          if (result?.kind === 'structured') {
            conversions.push({
              ...place,
              value: result.value,
              printed: formatValue(result.value, 'merged'),
              operatorImplied: result.operatorImplied,
            });
          } else if (result?.kind === 'sentence') {
            left.push({
              ...place,
              reason: result.reason,
              reasonText: SENTENCE_REASON_TEXT[result.reason],
            });
          }
        }
      }
    }
  }
  return { conversions, left, alreadyStructured, damaged };
}
