import type { IndicatorFields, TargetDocument } from './document.ts';
import { UserError } from './shared/errors.ts';
import { planReplace, replaceLabel, type ReplaceRequest } from './shared/find.ts';
import type { IndicatorValueInput } from './shared/indicator-fields.ts';
import { structureSentence } from './shared/indicator-value.ts';
import type { DocumentData, IndicatorData } from './shared/types.ts';

/**
 * 替换: replaces the query in the fields that hold it now (recomputed here from the request,
 * never from positions a page sent), as one edit and one undo step. Returns how many places
 * and fields changed. Nothing found is a message, not an empty undo step.
 */
export function replaceText(
  doc: TargetDocument,
  request: ReplaceRequest,
): { replaced: number; fields: number } {
  const data = doc.snapshot();
  const plan = planReplace(data, request);
  if (plan.length === 0) {
    throw new UserError(
      request.keys === undefined
        ? `没有找到可替换的“${request.find}”（金额不能用文字替换）`
        : `要替换的内容已不在原处（可能已修改），请重新查找“${request.find}”`,
    );
  }
  const indicators = indicatorsById(data);
  doc.batch(replaceLabel(request.find, request.replace), () => {
    for (const { hit, next } of plan) {
      const { unitId, projectId, indicatorId, field } = hit.location;
      if (indicatorId !== undefined) {
        doc.updateIndicator(
          indicatorId,
          indicatorChange(indicators.get(indicatorId)!, field!, next),
        );
      } else if (projectId !== undefined) {
        doc.updateProject(projectId, { [field!]: next });
      } else {
        doc.renameUnit(unitId!, next);
      }
    }
  });
  return { replaced: plan.reduce((n, r) => n + r.hit.ranges.length, 0), fields: plan.length };
}

function indicatorsById(data: DocumentData): Map<number, IndicatorData> {
  const out = new Map<number, IndicatorData>();
  for (const u of data.units)
    for (const p of u.projects) for (const i of p.indicators) out.set(i.id, i);
  return out;
}

/**
 * The edit for one indicator field. A structured value was searched as printed (`≥95%`): its
 * new printed text stays structured when it reads as one value (`≥98%`), else becomes the
 * sentence as written.
 */
function indicatorChange(indicator: IndicatorData, field: string, next: string): IndicatorFields {
  if (field === 'basis') return { basis: { text: next } };
  if (field === 'cycleValue' || field === 'annualValue') {
    const stored = field === 'cycleValue' ? indicator.cycle : indicator.annual;
    const value: IndicatorValueInput =
      stored.kind === 'structured' ? asValue(next) : { kind: 'sentence', text: next };
    return field === 'cycleValue' ? { cycle: value } : { annual: value };
  }
  return { [field]: next };
}

function asValue(text: string): IndicatorValueInput {
  const read = structureSentence(text);
  return read.kind === 'structured'
    ? { kind: 'structured', ...read.value, source: null }
    : { kind: 'sentence', text };
}
