import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { nextYearDraft } from '../../db/rollover/next-year.ts';
import { staleYear } from '../../db/shared/check/rules/stale-year.ts';
import { HAS_PANYU, PANYU_FIXTURE, tempDir } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';
import { firstProject, goodIndicatorsWith, oneProject, run } from './build.ts';

describe('stale-year', () => {
  it('warns about last year left in a value', () => {
    const doc = oneProject(
      { indicators: goodIndicatorsWith(1, { cycle: '2024年内完成登报宣传' }) },
      { year: 2025 },
    );
    const indicator = firstProject(doc).indicators[1]!;
    expect(run(staleYear, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'stale-year',
        severity: 'warning',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'cycleValue' }),
        message: expect.stringContaining('提到“2024年”，早于本表的预算年度 2025 年'),
      }),
    ]);
  });

  it('looks in 项目名称, 绩效目标 and 三级指标名称, and at ranges that miss the year', () => {
    const doc = oneProject(
      {
        name: '2024年度培训经费',
        goal: '完成2022-2024年干部轮训，截至2024年底培训覆盖率100%。',
        indicators: goodIndicatorsWith(0, { name: '2023年度专题培训' }),
      },
      { year: 2025 },
    );
    const found = run(staleYear, doc).map((f) => [f.location.field, f.message]);
    expect(found).toEqual([
      ['name', expect.stringContaining('提到“2024年”')],
      ['goal', expect.stringContaining('提到“2022-2024年”“2024年”')],
      ['name', expect.stringContaining('提到“2023年”')],
    ]);
  });

  it('warns about a settlement older than last year, not about last year’s', () => {
    const doc = oneProject(
      {
        indicators: goodIndicatorsWith(0, {
          cycle: '完成2023年绩效考核工作，开展2024年绩效考核工作。',
        }),
      },
      { year: 2025 },
    );
    expect(run(staleYear, doc).map((f) => f.message)).toEqual([
      expect.stringContaining('考核、结算或比较的是“2023年”，早于上一年度 2024 年。'),
    ]);
  });

  it('skips the budget year, ranges that include it, and years of document numbers', () => {
    const doc = oneProject(
      {
        name: '2025年度培训经费',
        goal:
          '根据《通知》（穗财行〔2021〕72号）、《办法》（番组〔\n2019〕59号）、番组[2018]45号、穗府办〔2021年〕5号、' +
          '（穗组通（2018）46号）和中国共产党成立103周年活动安排，2025年12月底前完成。',
        indicators: goodIndicatorsWith(0, { cycle: '2024-2026年累计举办36期，2025年度举办12期' }),
      },
      { year: 2025 },
    );
    expect(run(staleYear, doc)).toEqual([]);
  });

  it('skips names of funds and documents, past events of last year and starting years', () => {
    const doc = oneProject(
      {
        name: '2023年度选调生到村工作中央财政补助资金',
        goal: '根据《2023年基层党建工作要点》，完成2024年绩效考核工作；2021年以来累计培训500人次。',
        indicators: goodIndicatorsWith(0, { cycle: '2024年结转资金全部支出，比2024年增长5%' }),
      },
      { year: 2025 },
    );
    expect(run(staleYear, doc)).toEqual([]);
  });
});

describe.skipIf(!HAS_PANYU)('stale-year on the published Panyu table', () => {
  it('finds nothing in the 2024 table as published (its 2023 mentions are meant)', () => {
    const doc = importToSnapshot(PANYU_FIXTURE).snapshot;
    expect(doc.year).toBe(2024);
    expect(run(staleYear, doc)).toEqual([]);
  });

  it('finds the copies left behind in the 2025 table made from it', () => {
    const { draft } = importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8'));
    const file = path.join(tempDir(), '2025.jxmb');
    writeDraft(nextYearDraft(draft, { year: 2025 }), file);
    const doc = TargetDocument.open(file, { readonly: true });
    const data = doc.snapshot();
    doc.close();
    const found = run(staleYear, data).map((f) => f.message.slice(0, f.message.indexOf('早于')));
    expect(found).toEqual([
      '实施周期指标值和年度指标值“2024年内完成登报宣传”提到“2024年”，',
      '实施周期指标值和年度指标值“按要求完成2024年两新组织党建“双同步”工作。”提到“2024年”，',
      '实施周期指标值和年度指标值“2024年文书档案整理、数字化扫描工作完成率10…”提到“2024年”，',
      '实施周期指标值和年度指标值“完成2023年绩效考核工作，开展2024年绩效考…”考核、结算或比较的是“2023年”，',
    ]);
  });
});
