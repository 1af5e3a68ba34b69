import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { rollover, shiftYearsForward } from '../../db/rollover/index.ts';
import { nextYearDraft } from '../../db/rollover/next-year.ts';
import type { ReviewKind, YearReview } from '../../db/shared/year-review.ts';
import { wanCents } from '../amounts.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { HAS_PANYU, PANYU_FIXTURE, tempDir } from '../helpers.ts';

/** Last year's table with the kinds of years a copied table carries. */
function lastYear(dir: string): string {
  const file = path.join(dir, '2024.jxmb');
  TargetDocument.create(file, { department: '示例局', year: 2024, tree: 'mof-2021' }, {}, (doc) => {
    const u = doc.addUnit('本级');
    const p = doc.addProject(u, {
      name: '2023年度选调生到村工作中央财政补助资金',
      fiscal: wanCents(10),
      goal: '依据《办法》（穗财行〔2024〕12号），2024年内完成拨付。',
    });
    doc.addIndicator(p, {
      level2Code: '13',
      name: '按要求完成我区绩效考核工作',
      cycleValue: '完成2023年绩效考核工作，开展2024年绩效考核工作。',
    });
    doc.addIndicator(p, {
      level2Code: '11',
      name: '巡检次数',
      cycleValue: '2024-2026年累计巡检36次',
      annualValue: '2024年巡检12次',
    });
    const q = doc.addProject(u, {
      name: '培训经费',
      fiscal: wanCents(5),
      goal: '2024年底前完成培训。',
    });
    doc.addIndicator(q, { level2Code: '13', name: '按时完成', cycleValue: '2024年内完成' });
  });
  return file;
}

async function nextYear() {
  const dir = tempDir();
  const target = path.join(dir, '2025.jxmb');
  const { review } = await rollover(lastYear(dir), target);
  return { target, review };
}

const texts = (doc: TargetDocument) =>
  doc.snapshot().units[0]!.projects.map((p) => ({
    name: p.name,
    goal: p.goal,
    values: p.indicators.map((i) => [i.cycleValue, i.annualValue]),
  }));

describe('the year review reads years as the check does', () => {
  it('offers 改为本年度 for dates only; names are kept, past events are to be 顺延', async () => {
    const { review } = await nextYear();
    const years = review.items.filter((i) => i.kind !== 'vague');
    expect(years.map((i) => [i.kind, i.written, i.reading])).toEqual([
      ['source-year', '2024年', 'period'],
      ['source-year', '2024年', 'period'],
      ['source-year', '2024年', 'period'],
      ['source-year', '2024年', 'period'],
      ['past-year', '2023年', 'past'],
      ['kept-year', '2023年', 'name'],
    ]);
    const kept = years.find((i) => i.kind === 'kept-year')!;
    expect(kept.message).toContain('名称中的年份，通常不改');
    const past = years.find((i) => i.kind === 'past-year')!;
    expect(past.message).toContain('顺延一年，改为“2024年”，而不是 2025 年');
    expect(past.shifted).toBe('完成2024年绩效考核工作，开展2025年绩效考核工作。');
    // 开展2024年绩效考核: last year's review, right in a 2025 table — not listed on its own.
  });
});

describe('所有年份顺延一年 on the model', () => {
  it('the whole document: one undo step; names, document numbers and periods kept', async () => {
    const { target } = await nextYear();
    const doc = TargetDocument.open(target);
    try {
      const before = texts(doc);
      expect(shiftYearsForward(doc, { kind: 'document' })).toEqual({ moved: 6, texts: 5 });
      expect(texts(doc)).toEqual([
        {
          name: '2023年度选调生到村工作中央财政补助资金',
          goal: '依据《办法》（穗财行〔2024〕12号），2025年内完成拨付。',
          values: [
            [
              '完成2024年绩效考核工作，开展2025年绩效考核工作。',
              '完成2024年绩效考核工作，开展2025年绩效考核工作。',
            ],
            ['2024-2026年累计巡检36次', '2025年巡检12次'],
          ],
        },
        {
          name: '培训经费',
          goal: '2025年底前完成培训。',
          values: [['2025年内完成', '2025年内完成']],
        },
      ]);
      expect(doc.historyState.undo).toBe('全部年份顺延一年');
      doc.undo();
      expect(texts(doc)).toEqual(before);
      doc.redo();
      doc.close();
      // The file keeps it.
      const again = TargetDocument.open(target, { readonly: true });
      expect(texts(again)[1]!.goal).toBe('2025年底前完成培训。');
      again.close();
    } finally {
      if (doc.isOpen) doc.close();
    }
  });

  it('one project, then one sentence; nothing to move is no edit', async () => {
    const { target, review } = await nextYear();
    const doc = TargetDocument.open(target);
    const [p, q] = doc.snapshot().units[0]!.projects;
    expect(shiftYearsForward(doc, { kind: 'project', projectId: q!.id })).toEqual({
      moved: 2,
      texts: 2,
    });
    expect(doc.historyState.undo).toBe('本项目所有年份顺延一年');
    expect(texts(doc)[0]!.goal).toContain('2024年内完成拨付');

    const past = review.items.find((i) => i.kind === 'past-year')!;
    expect(shiftYearsForward(doc, { kind: 'item', key: past.key })).toEqual({ moved: 2, texts: 1 });
    expect(doc.historyState.undo).toBe('顺延一年');
    expect(texts(doc)[0]!.values[0]).toEqual([
      '完成2024年绩效考核工作，开展2025年绩效考核工作。',
      '完成2024年绩效考核工作，开展2025年绩效考核工作。',
    ]);
    // A name moves only when the clerk asks for that entry.
    const name = review.items.find((i) => i.kind === 'kept-year')!;
    shiftYearsForward(doc, { kind: 'item', key: name.key });
    expect(texts(doc)[0]!.name).toBe('2024年度选调生到村工作中央财政补助资金');

    const version = doc.snapshot();
    expect(shiftYearsForward(doc, { kind: 'project', projectId: q!.id })).toEqual({
      moved: 0,
      texts: 0,
    });
    expect(doc.snapshot()).toEqual(version);
    expect(() => shiftYearsForward(doc, { kind: 'project', projectId: p!.id + 999 })).toThrow(
      '项目已不存在',
    );
    doc.close();
  });
});

describe('顺延 through the replaceYears operation', () => {
  let session: EditorSession | undefined;
  afterEach(() => session?.close());
  const A = { client: 'page-a' };
  const kinds = (r: YearReview) =>
    Object.fromEntries(
      (['source-year', 'past-year', 'other-year', 'kept-year'] as ReviewKind[]).map((k) => [
        k,
        r.items.filter((i) => i.kind === k).length,
      ]),
    );

  it.skipIf(!HAS_PANYU)('moves the Panyu 2025 table’s years on in one step, and undoes it', () => {
    const { draft } = importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8'));
    const file = path.join(tempDir(), '2025.jxmb');
    writeDraft(nextYearDraft(draft, { year: 2025 }), file);
    session = EditorSession.open(file);
    const review = () => session!.call('yearReview', {}, A) as YearReview;
    expect(kinds(review())).toEqual({
      'source-year': 3,
      'past-year': 1,
      'other-year': 0,
      'kept-year': 2,
    });
    session.call('replaceYears', { mode: 'shift', scope: { kind: 'document' } }, A);
    expect(kinds(review())).toEqual({
      'source-year': 0,
      'past-year': 0,
      'other-year': 0,
      'kept-year': 2,
    });
    const values = session.doc
      .snapshot()
      .units.flatMap((u) => u.projects)
      .flatMap((p) => p.indicators)
      .map((i) => i.cycleValue)
      .filter((v) => /20\d\d年/u.test(v));
    expect(values).toEqual([
      '2025年内完成登报宣传',
      '按要求完成2025年两新组织党建“双同步”工作。',
      '2025年文书档案整理、数字化扫描工作完成率100%。',
      '完成2024年绩效考核工作，开展2025年绩效考核工作。',
    ]);
    session.call('undo', {}, A);
    expect(kinds(review())['source-year']).toBe(3);
  });

  it('refuses a bad scope, and a table not made from last year’s, with a message', async () => {
    const { target } = await nextYear();
    session = EditorSession.open(target);
    expect(
      userErrorOf(() =>
        session!.call(
          'replaceYears',
          { mode: 'shift', scope: { kind: 'item', key: 'i999:name:0' } },
          A,
        ),
      ),
    ).toHaveProperty('message', expect.stringContaining('已不存在'));
    expect(
      userErrorOf(() => session!.call('replaceYears', { mode: 'shift', scope: { kind: 'all' } }, A))
        .message,
    ).not.toMatch(/at |Error/u);
    session.close();
    session = EditorSession.open(lastYear(tempDir()));
    expect(
      userErrorOf(() =>
        session!.call('replaceYears', { mode: 'shift', scope: { kind: 'document' } }, A),
      ),
    ).toHaveProperty('message', expect.stringContaining('不是由上年文件新建'));
  });
});
