import { defineRule } from '../finding.ts';
import { covers, yearMentions } from '../../years.ts';
import { quote } from '../text.ts';
import { visitTexts, type TextKind } from '../walk.ts';

/**
 * Last year's table is this year's template, and its years stay behind (“2024年内完成” in a
 * 2025 table). A year or a year range (2023-2025年) counts when followed by 年 (年度, 年内…);
 * a range that includes the budget year is the implementation period and is fine. Document
 * numbers (穗财行〔2021〕72号, sometimes typed 〔2021年〕) are removed first: their year dates
 * a regulation, not the work.
 */
const KINDS: readonly TextKind[] = [
  'projectName',
  'goal',
  'indicatorName',
  'cycleValue',
  'annualValue',
];

/** The mentions of years other than `year`, as written (e.g. "2023年", "2021-2023年"). */
export function staleYears(text: string, year: number): string[] {
  const found: string[] = [];
  for (const m of yearMentions(text)) {
    if (!covers(m, year) && !found.includes(m.written)) found.push(m.written);
  }
  return found;
}

export const staleYear = defineRule({
  id: 'stale-year',
  title: '年份与预算年度不符',
  severity: 'warning',
  check(doc, report) {
    for (const { label, text, place } of visitTexts(doc, KINDS)) {
      const years = staleYears(text, doc.year);
      if (years.length === 0) continue;
      report(
        place,
        `${label}${quote(text)}提到“${years.join('”“')}”，不是本表的预算年度 ${doc.year} 年。` +
          '可能是沿用往年表格时未改，请核对；如确指其他年度（如结算上年资金）可忽略。',
      );
    }
  },
});
