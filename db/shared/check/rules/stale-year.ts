import { defineRule } from '../finding.ts';
import { isStale, yearMentions } from '../../years.ts';
import { quote } from '../text.ts';
import { visitTexts, type TextKind } from '../walk.ts';

/**
 * 警告: last year's table is this year's template, and its years stay behind (“2024年内完成” in a
 * 2025 table); a reviewer returns a table whose targets are dated last year. But a year in a
 * table is not always a date of the work, and a check that flags every year cries wolf: the
 * published Panyu 2024 table had 3 such warnings, all wrong — two project names that are names of
 * last year's central funds (2023年度选调生到村工作中央财政补助资金: granted for 2023, spent in
 * 2024) and a statement about last year's work done this year (完成2023年绩效考核工作).
 *
 * So a year is read in its sentence (db/shared/year-reading.ts, the same reading as the year
 * review of 由上年文件新建 and 顺延):
 * - a date or period of the work (2024年内完成, 截至2024年底, 2024年度完成率, 于2024年完成,
 *   完成2024年…工作) before the budget year: reported;
 * - a settlement, review or comparison (完成2023年绩效考核, 2023年结转, 比2023年增长): right
 *   for last year, reported only when older (the year before last in a table is a copy left
 *   behind: 完成2023年考核 in a 2025 table);
 * - a fund's, project's or document's name (…2023年…补助资金, 《2023年…方案》), a starting year
 *   (2021年以来) and a document number (穗财行〔2021〕72号, masked first): never.
 * Years after the budget year are not reported: a multi-year project's later targets are meant,
 * and a range that includes the budget year (2024-2026年) is its implementation period. What the
 * words do not settle is read as a date of the work, the reading that asks the clerk to look.
 */
const KINDS: readonly TextKind[] = [
  'projectName',
  'goal',
  'indicatorName',
  'cycleValue',
  'annualValue',
];

/** The stale mentions of the text in a table for `year`, as written (e.g. "2023年", "2021-2023年"). */
export function staleYears(text: string, year: number): { dates: string[]; past: string[] } {
  const dates: string[] = [];
  const past: string[] = [];
  for (const m of yearMentions(text)) {
    if (!isStale(m, year)) continue;
    const list = m.reading === 'past' ? past : dates;
    if (!list.includes(m.written)) list.push(m.written);
  }
  return { dates, past };
}

const listed = (years: readonly string[]) => `“${years.join('”“')}”`;

export const staleYear = defineRule({
  id: 'stale-year',
  title: '年份与预算年度不符',
  severity: 'warning',
  check(doc, report) {
    for (const { label, text, place } of visitTexts(doc, KINDS)) {
      const { dates, past } = staleYears(text, doc.year);
      if (dates.length + past.length === 0) continue;
      const said = [
        dates.length > 0 ? `提到${listed(dates)}，早于本表的预算年度 ${doc.year} 年` : '',
        past.length > 0
          ? `${dates.length > 0 ? '；' : ''}考核、结算或比较的是${listed(past)}，早于上一年度 ${doc.year - 1} 年`
          : '',
      ].join('');
      report(place, `${label}${quote(text)}${said}。可能是沿用往年表格时未改，请核对。`);
    }
  },
});
