import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  OPERATORS,
  sentenceValue,
  structuredIndicatorValue,
  makeStructuredValue,
  type IndicatorValue,
} from '../shared/indicator-value.ts';
import type { IndicatorCandidate } from '../shared/suggestions.ts';
import { CATEGORY_ROLES } from '../shared/tree.ts';

/**
 * The built-in common indicators (templates/suggestions/common-indicators.json): a short list
 * per category, offered when nothing the clerk wrote matches. Data, so it can be extended
 * without touching code; the clerk's own additions go to the indicator memory instead.
 */

const FILE = new URL('../../templates/suggestions/common-indicators.json', import.meta.url);

const valueSchema = z.union([
  z.object({ kind: z.literal('sentence'), text: z.string() }).strict(),
  z.object({ operator: z.enum(OPERATORS), value: z.string(), unit: z.string() }).strict(),
]);
export const commonIndicatorsSchema = z
  .object({
    format: z.literal('jxmb-common-indicators/1'),
    note: z.string(),
    categories: z.array(
      z
        .object({
          level1Role: z.enum(CATEGORY_ROLES),
          level1Name: z.string().min(1),
          level2Name: z.string().min(1),
          indicators: z.array(
            z.object({ name: z.string().min(1).max(200), value: valueSchema }).strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

let loaded: IndicatorCandidate[] | undefined;

/** The built-in list as candidates (read once). */
export function commonIndicators(): IndicatorCandidate[] {
  loaded ??= toCandidates(commonIndicatorsSchema.parse(JSON.parse(readFileSync(FILE, 'utf8'))));
  return loaded;
}

function toCandidates(list: z.infer<typeof commonIndicatorsSchema>): IndicatorCandidate[] {
  return list.categories.flatMap((c) =>
    c.indicators.map((i) => {
      const value: IndicatorValue =
        'kind' in i.value ? sentenceValue(i.value.text) : structured(i.name, i.value);
      return {
        name: i.name,
        cycle: value,
        annual: value,
        annualFollowsCycle: true,
        level1Role: c.level1Role,
        level1Name: c.level1Name,
        level2Code: '',
        level2Name: c.level2Name,
        source: 'builtin' as const,
        from: '',
      };
    }),
  );
}

/** A structured value of the list, checked like one the clerk types (a bad one is a bug here). */
function structured(
  name: string,
  cells: { operator: string; value: string; unit: string },
): IndicatorValue {
  const made = makeStructuredValue(cells);
  if (!made.ok) throw new Error(`common-indicators.json: ${name}: ${made.message}`);
  return structuredIndicatorValue(made.value);
}
