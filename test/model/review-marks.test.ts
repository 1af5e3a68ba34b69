import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { rollover } from '../../db/rollover/index.ts';
import { checkDocument } from '../../db/shared/check/index.ts';
import { findingKey, reviewFindings, reviewSummary } from '../../db/shared/check/review.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import { HAS_PANYU, PANYU_FIXTURE, tempDir } from '../helpers.ts';

/** A small table with one finding that stays put: a project without any 满意度指标. */
function table(dir: string): string {
  const file = path.join(dir, '2024.jxmb');
  TargetDocument.create(file, { department: '示例局', year: 2024, tree: 'mof-2021' }, {}, (doc) => {
    const u = doc.addUnit('本级');
    const p = doc.addProject(u, { name: '培训经费', goal: '完成年度培训。' });
    doc.addIndicator(p, { level2Code: '11', name: '培训人次', cycleValue: '≥300人次' });
    doc.addIndicator(p, { level2Code: '22', name: '培训效果', cycleValue: '进一步提升' });
  });
  return file;
}

const CLIENT = { client: 'page-1' };

function data(s: EditorSession): DocumentData {
  return (s.call('getDocument', {}, CLIENT) as DocumentState).data;
}

function reviewed(d: DocumentData) {
  return reviewFindings(d, checkDocument(d));
}

describe('已核对 marks', () => {
  it('are kept with the day, survive reopening, lapse when the field changes and return on undo', () => {
    const file = table(tempDir());
    let s = EditorSession.open(file);
    const d0 = data(s);
    const target = checkDocument(d0).find((f) => f.location.field === 'cycleValue');
    expect(target, 'a finding on an indicator value').toBeDefined();
    const before = reviewSummary(reviewed(d0));
    s.call(
      'setFindingChecked',
      { ruleId: target!.ruleId, location: target!.location, checked: true },
      CLIENT,
    );
    const d1 = data(s);
    const mine = reviewed(d1).find((f) => findingKey(f) === findingKey(target!))!;
    expect(mine.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    expect(reviewSummary(reviewed(d1)).checked).toBe(1);
    expect(reviewSummary(reviewed(d1)).warning + reviewSummary(reviewed(d1)).hint).toBe(
      before.warning + before.hint - 1,
    );
    s.close();

    s = EditorSession.open(file);
    expect(reviewed(data(s)).find((f) => findingKey(f) === findingKey(target!))!.checkedOn).toBe(
      mine.checkedOn,
    );
    // The field changes (still vague): the finding is back, unchecked.
    s.call(
      'updateIndicator',
      { id: target!.location.indicatorId!, cycleValue: '进一步加强' },
      CLIENT,
    );
    const again = reviewed(data(s)).find((f) => findingKey(f) === findingKey(target!));
    if (again) expect(again.checkedOn).toBeNull();
    // Undo brings the old text, and the mark applies again.
    s.call('undo', {}, CLIENT);
    expect(reviewed(data(s)).find((f) => findingKey(f) === findingKey(target!))!.checkedOn).toBe(
      mine.checkedOn,
    );
    // Unchecking is one undo step too.
    s.call(
      'setFindingChecked',
      { ruleId: target!.ruleId, location: target!.location, checked: false },
      CLIENT,
    );
    expect(data(s).reviewMarks).toEqual([]);
    s.call('undo', {}, CLIENT);
    expect(data(s).reviewMarks).toHaveLength(1);
    s.close();
  });

  it('refuses a finding the checks do not report', () => {
    const file = table(tempDir());
    const s = EditorSession.open(file);
    const p = data(s).units[0]!.projects[0]!;
    expect(() =>
      s.call(
        'setFindingChecked',
        {
          ruleId: 'empty-goal',
          location: { unitId: 1, projectId: p.id, field: 'goal' },
          checked: true,
        },
        CLIENT,
      ),
    ).toThrow(/已不存在/u);
    expect(() =>
      s.call('setFindingChecked', { ruleId: 'Bad rule', location: {}, checked: true }, CLIENT),
    ).toThrow();
    expect(data(s).reviewMarks).toEqual([]);
    s.close();
  });

  it('go with a deleted project and come back with its undo', () => {
    const file = table(tempDir());
    const s = EditorSession.open(file);
    const f = checkDocument(data(s))[0]!;
    s.call('setFindingChecked', { ruleId: f.ruleId, location: f.location, checked: true }, CLIENT);
    s.call('deleteProject', { id: f.location.projectId! }, CLIENT);
    expect(data(s).reviewMarks).toEqual([]);
    s.call('undo', {}, CLIENT);
    expect(data(s).reviewMarks).toHaveLength(1);
    s.close();
  });

  it('are not carried into next year’s table; 确无服务对象 is', async () => {
    const dir = tempDir();
    const file = table(dir);
    const s = EditorSession.open(file);
    const d = data(s);
    const p = d.units[0]!.projects[0]!;
    for (const f of checkDocument(d)) {
      s.call(
        'setFindingChecked',
        { ruleId: f.ruleId, location: f.location, checked: true },
        CLIENT,
      );
    }
    s.call('updateProject', { id: p.id, noServiceRecipients: true }, CLIENT);
    expect(data(s).reviewMarks.length).toBeGreaterThan(0);
    s.close();
    const next = path.join(dir, '2025.jxmb');
    await rollover(file, next);
    const doc = TargetDocument.open(next, { readonly: true });
    const n = doc.snapshot();
    doc.close();
    expect(n.reviewMarks).toEqual([]);
    expect(n.units[0]!.projects[0]!.noServiceRecipients).toBe(true);
    expect(reviewed(n).every((f) => f.checkedOn === null)).toBe(true);
  });
});

describe.runIf(HAS_PANYU)('doubts an import leaves on the document (Panyu fixture)', () => {
  it('keeps the misfiled 31 indicator’s printed category and the party-dues money doubts', () => {
    const { draft } = importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8'));
    const file = path.join(tempDir(), 'panyu.jxmb');
    writeDraft(draft, file);
    const doc = TargetDocument.open(file);
    const d = doc.snapshot();
    const printed = d.units.flatMap((u) =>
      u.projects.flatMap((p) => p.indicators.filter((i) => i.printedCategory !== null)),
    );
    expect(printed.map((i) => [i.name, i.printedCategory, i.level1.name])).toEqual([
      ['群众满意度', '2-效益指标；31-服务对象满意度', '满意度指标'],
    ]);
    const doubted = d.units.flatMap((u) => u.projects.filter((p) => p.amountDoubt !== null));
    expect(doubted.map((p) => p.name)).toEqual(['直机下拨党费', '离退支部党费返拨']);
    expect(doubted[0]!.amountDoubt).toMatch(/0\.56 为其他资金.*0\.56 为财政专户拨款/u);
    // Moving the indicator settles its category; changing the amounts settles the doubt.
    doc.setIndicatorCategory(printed[0]!.id, '31');
    expect(
      doc
        .snapshot()
        .units.flatMap((u) => u.projects.flatMap((p) => p.indicators))
        .find((i) => i.id === printed[0]!.id)!.printedCategory,
    ).toBe('2-效益指标；31-服务对象满意度');
    const other = d.tree.level1.flatMap((l) => l.level2).find((c) => c.code !== '31')!;
    doc.setIndicatorCategory(printed[0]!.id, other.code);
    const all = () => doc.snapshot().units.flatMap((u) => u.projects);
    expect(
      all()
        .flatMap((p) => p.indicators)
        .find((i) => i.id === printed[0]!.id)!.printedCategory,
    ).toBeNull();
    doc.updateProject(doubted[0]!.id, {
      name: '直机下拨党费（改名）',
      other: doubted[0]!.totals.other,
    });
    expect(all().find((p) => p.id === doubted[0]!.id)!.amountDoubt).not.toBeNull();
    doc.updateProject(doubted[0]!.id, {
      other: 0 as never,
      specialAccount: doubted[0]!.totals.other,
    });
    expect(all().find((p) => p.id === doubted[0]!.id)!.amountDoubt).toBeNull();
    doc.close();
  });

  it('next year’s table from the text drops the money doubts with the money, and keeps the unconfirmed category', async () => {
    const dir = tempDir();
    const next = path.join(dir, '2025.jxmb');
    await rollover(PANYU_FIXTURE, next, { year: 2025 });
    const doc = TargetDocument.open(next, { readonly: true });
    const d = doc.snapshot();
    doc.close();
    const projects = d.units.flatMap((u) => u.projects);
    expect(projects.filter((p) => p.amountDoubt !== null)).toEqual([]);
    expect(
      projects.flatMap((p) => p.indicators).filter((i) => i.printedCategory !== null),
    ).toHaveLength(1);
  });
});
