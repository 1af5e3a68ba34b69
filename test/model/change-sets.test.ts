import { wanCents } from '../amounts.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { nextYearDraft } from '../../db/rollover/next-year.ts';
import type { YearReview } from '../../db/shared/year-review.ts';
import type { DocumentState, EditResult } from '../../db/shared/api/contract.ts';
import { DOCUMENT_OPERATIONS, isQueryOperation } from '../../db/shared/api/operations.ts';
import { applyChanges } from '../../db/shared/changes.ts';
import { checkDocument } from '../../db/shared/check/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { DocStore } from '../../renderer/src/doc-store.ts';
import { loosenTable } from '../file/damage.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, tempDir } from '../helpers.ts';
import { apiFor } from '../renderer/session-api.ts';

/*
 * Edits answer with what changed, not with the document. For every edit operation, undo and
 * redo, on the real published table: the page's copy patched with the reply equals what the
 * host reads from the file (so the checks the page runs on it report what `jxmb check` does),
 * and a one-field edit's reply stays small.
 */

const FIXTURE = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
const A = { client: 'page-a' };

let open: EditorSession[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

function session(options: { nextYear?: boolean } = {}): EditorSession {
  const { draft } = importPublishedText(readFileSync(FIXTURE, 'utf8'));
  const file = path.join(tempDir(), '表.jxmb');
  writeDraft(options.nextYear ? nextYearDraft(draft, { keepAmounts: true }) : draft, file);
  const s = EditorSession.open(file);
  open.push(s);
  return s;
}

/** One page's copy, patched as the page patches it. */
class Page {
  state: DocumentState;
  constructor(
    readonly s: EditorSession,
    readonly client = A.client,
  ) {
    this.state = s.call('getDocument', {}, { client }) as DocumentState;
  }

  /** Runs an edit; returns its reply (the page's copy then follows it). */
  edit(op: string, payload: object): EditResult {
    const r = this.s.call(op, payload, {
      client: this.client,
      baseVersion: this.state.version,
    }) as EditResult;
    if (r.state) {
      this.state = r.state;
      return r;
    }
    expect(r.change.from).toBe(this.state.version);
    const data = applyChanges(this.state.data, r.change.changes);
    expect(data, `${op}: the change set fits the page's copy`).toBeDefined();
    this.state = {
      ...this.state,
      data: data!,
      version: r.change.version,
      history: r.change.history,
    };
    return r;
  }

  /** The page's copy against the file, as a fresh read gives it. */
  matchesHost(what: string): void {
    const host = this.s.state(this.client);
    expect(this.state.version, what).toBe(host.version);
    expect(this.state.history, what).toEqual(host.history);
    expect(this.state.data, what).toEqual(host.data);
  }
}

const units = (d: DocumentData) => d.units;
const projects = (d: DocumentData) => d.units.flatMap((u) => u.projects);
const indicators = (d: DocumentData) => projects(d).flatMap((p) => p.indicators);

/** Every edit operation, with a payload made from the document as the page shows it. */
const EDITS: [string, (d: DocumentData) => object][] = [
  ['setDepartment', () => ({ department: '区财政局（改）' })],
  ['setYear', (d) => ({ year: d.year + 1 })],
  ['setTitle', () => ({ title: '自定的标题' })],
  ['setTitle', () => ({ title: null })],
  ['setMoneyDisplay', () => ({ unit: '万元', decimals: 4 })],
  ['setPrintLayout', () => ({ layout: 'per-project' })],
  ['addUnit', () => ({ name: '新增单位', index: 1 })],
  ['renameUnit', (d) => ({ id: units(d)[0]!.id, name: '改名的单位' })],
  ['moveUnit', (d) => ({ id: units(d)[0]!.id, index: 2 })],
  ['addProject', (d) => ({ unitId: units(d)[1]!.id, index: 0, name: '新项目' })],
  ['updateProject', (d) => ({ id: projects(d)[0]!.id, name: '改名的项目' })],
  ['updateProject', (d) => ({ id: projects(d)[1]!.id, fiscal: '12.34' })],
  ['updateProject', (d) => ({ id: projects(d)[2]!.id, goal: '新的绩效目标\n第二行' })],
  ['updateProject', (d) => ({ id: projects(d)[2]!.id, specialAccount: '1', other: '2.5' })],
  ['moveProject', (d) => ({ id: projects(d)[0]!.id, index: 0 })],
  [
    'moveProject',
    (d) => ({
      id: units(d).find((u) => u.projects.length > 0)!.projects[0]!.id,
      index: 0,
      unitId: units(d)[2]!.id,
    }),
  ],
  [
    'addIndicator',
    (d) => ({ projectId: projects(d)[3]!.id, level2Code: d.tree.level1[0]!.level2[0]!.code }),
  ],
  ['updateIndicator', (d) => ({ id: indicators(d)[0]!.id, name: '改名的指标' })],
  ['updateIndicator', (d) => ({ id: indicators(d)[1]!.id, cycleValue: '≥95%' })],
  [
    'updateIndicator',
    (d) => ({ id: indicators(d)[2]!.id, annualValue: '≥90%', annualFollowsCycle: false }),
  ],
  [
    'updateProject',
    (d) => ({
      id: projects(d)[3]!.id,
      overallGoal: '三年内完成',
      periodStart: '2024-01',
      periodEnd: '2026年12月',
      continuity: '延续',
      recurrence: '经常性',
      category: '特定目标类',
      totalBudget: '1,000.50',
      carryOver: '3',
    }),
  ],
  [
    'updateIndicator',
    (d) => ({
      id: indicators(d)[5]!.id,
      cycle: { kind: 'structured', operator: '>=', value: '95', unit: '%' },
      weight: '12.5',
      basis: { kind: '计划标准', text: '年度计划' },
      explanation: '反映覆盖面',
      polarity: '正向',
      previous: '≥90%',
    }),
  ],
  [
    'updateIndicator',
    (d) => ({
      id: indicators(d)[6]!.id,
      annual: { kind: 'structured', operator: '定性', value: '优', unit: '' },
    }),
  ],
  ['structureValues', (d) => ({ projectId: projects(d)[0]!.id })],
  ['structureValues', () => ({})],
  ['moveIndicator', (d) => ({ id: indicators(d)[0]!.id, index: 2 })],
  ['updateProject', (d) => ({ id: projects(d)[0]!.id, noServiceRecipients: true })],
  [
    'setFindingChecked',
    (d) => {
      const f = checkDocument(d)[0]!;
      return { ruleId: f.ruleId, location: f.location, checked: true };
    },
  ],
  [
    'setIndicatorCategory',
    (d) => ({ id: indicators(d)[3]!.id, level2Code: d.tree.level1[1]!.level2[0]!.code }),
  ],
  ['deleteIndicator', (d) => ({ id: indicators(d)[4]!.id })],
  ['setMoneyDisplay', () => ({ unit: '元', decimals: 2 })],
  ['deleteProject', (d) => ({ id: projects(d)[5]!.id })],
  ['deleteUnit', (d) => ({ id: units(d).at(-1)!.id })],
  ['copyProject', (d) => ({ id: projects(d)[0]!.id, toUnitId: units(d)[1]!.id, index: 0 })],
  [
    'copyIndicators',
    (d) => ({
      ids: [indicators(d)[0]!.id, indicators(d)[1]!.id],
      toProjectId: projects(d).at(-1)!.id,
    }),
  ],
  [
    'pasteIndicators',
    (d) => {
      const l2 = d.tree.level1[0]!.level2[0]!;
      const value = { kind: 'sentence', text: '12期' };
      return {
        projectId: projects(d)[0]!.id,
        indicators: [
          {
            level2Code: l2.code,
            level2Name: l2.name,
            name: '上年的指标',
            cycle: value,
            annual: value,
            annualFollowsCycle: true,
            weight: null,
            basis: { kind: null, text: '' },
            explanation: '',
            polarity: null,
            previous: '12期',
          },
        ],
      };
    },
  ],
  // 查找和替换: a word of the first project's name, wherever it is in the document.
  ['replaceText', (d) => ({ find: projects(d)[0]!.name.slice(0, 2), replace: '替换后' })],
];

describe('edits answer with what changed', () => {
  it('covers every edit operation of the contract', () => {
    const edits = DOCUMENT_OPERATIONS.filter((op) => !isQueryOperation(op));
    const covered = new Set([
      ...EDITS.map(([op]) => op),
      'undo',
      'redo',
      'replaceYears',
      'changeTree',
    ]);
    expect(edits.filter((op) => !covered.has(op))).toEqual([]);
  });

  it('every edit, undo and redo patches the page to what the file holds', () => {
    const page = new Page(session());
    page.edit('setDepartment', { department: '第一次修改' }); // the first answer may be whole
    for (const [op, payload] of EDITS) {
      const r = page.edit(op, payload(page.state.data));
      expect(r.change, `${op} answers with a change set`).toBeDefined();
      page.matchesHost(op);
    }
    for (let i = 0; i < EDITS.length; i++) {
      expect(page.edit('undo', {}).change).toBeDefined();
      page.matchesHost(`undo ${i}`);
    }
    for (let i = 0; i < EDITS.length; i++) {
      expect(page.edit('redo', {}).change).toBeDefined();
      page.matchesHost(`redo ${i}`);
    }
    // The checks the page runs on its copy say what the command line says of the file.
    expect(checkDocument(page.state.data)).toEqual(checkDocument(page.s.doc.snapshot()));
  });

  it('替换年份 (many fields at once), its undo and redo patch the page too', () => {
    const page = new Page(session({ nextYear: true }));
    page.edit('setDepartment', { department: '第一次修改' });
    const review = page.s.call('yearReview', {}, A) as YearReview;
    const sourceYear = review.items.filter((i) => i.kind === 'source-year');
    expect(sourceYear.length).toBeGreaterThan(0);
    page.edit('replaceYears', { keys: [sourceYear[0]!.key] });
    page.matchesHost('replaceYears one');
    expect(page.edit('replaceYears', { keys: 'all' }).change).toBeDefined();
    page.matchesHost('replaceYears all');
    page.edit('undo', {});
    page.matchesHost('undo replaceYears');
    page.edit('redo', {});
    page.matchesHost('redo replaceYears');
  });

  it('更换指标体系, its undo and redo answer with the whole document, which the file holds', () => {
    const page = new Page(session());
    page.edit('setDepartment', { department: '第一次修改' });
    const plan = page.s.call('previewTreeChange', { tree: 'mof-2021' }, A) as {
      mapping: Record<string, string>;
    };
    const mapping = { ...plan.mapping, '14': '41' };
    expect(page.edit('changeTree', { tree: 'mof-2021', mapping }).state).toBeDefined();
    page.matchesHost('changeTree');
    expect(page.state.data.tree.id).toBe('mof-2021');
    expect(page.edit('undo', {}).state).toBeDefined();
    page.matchesHost('undo changeTree');
    expect(page.state.data.tree.id).toBe('default');
    expect(page.edit('redo', {}).state).toBeDefined();
    page.matchesHost('redo changeTree');
    // Edits after it patch the page again.
    const i = indicators(page.state.data)[0]!;
    expect(page.edit('updateIndicator', { id: i.id, name: '改名' }).change).toBeDefined();
    page.matchesHost('edit after changeTree');
  });

  it('a one-field edit, its undo and redo answer in a few KB, not with the document', () => {
    const page = new Page(session());
    const whole = JSON.stringify(page.state).length;
    page.edit('setDepartment', { department: '第一次修改' });
    const p = projects(page.state.data)[0]!;
    const i = p.indicators[0]!;
    const sizes = [
      page.edit('updateProject', { id: p.id, name: `${p.name}（改）` }),
      page.edit('updateIndicator', { id: i.id, cycleValue: '≥98%' }),
      page.edit('updateProject', { id: p.id, fiscal: '100' }),
      page.edit('undo', {}),
      page.edit('redo', {}),
    ].map((r) => JSON.stringify(r).length);
    for (const size of sizes) expect(size).toBeLessThan(10_000);
    expect(Math.max(...sizes)).toBeLessThan(whole / 10);
  });

  it('answers with the whole state when another program wrote to the file meanwhile', () => {
    const s = session();
    const page = new Page(s);
    page.edit('setDepartment', { department: '第一次修改' });
    const other = new Database(s.doc.filePath);
    other
      .prepare('UPDATE project SET name = ? WHERE id = ?')
      .run('另一程序改的', projects(page.state.data)[0]!.id);
    other.close();
    // The page has not seen it: its next edit is refused as stale, then it fetches the state.
    const p = projects(page.state.data)[1]!;
    expect(() => page.edit('updateProject', { id: p.id, name: 'x' })).toThrow(/其他窗口/);
    page.state = s.call('getDocument', {}, A) as DocumentState;
    page.matchesHost('after refresh');
    expect(projects(page.state.data)[0]!.name).toBe('另一程序改的');
  });

  it('answers with the whole state while the document holds a value it could not read', () => {
    const s0 = session();
    const file = s0.doc.filePath;
    const pid = projects(s0.state().data)[0]!.id;
    s0.close();
    open = [];
    const db = new Database(file);
    loosenTable(db, 'project');
    db.prepare("UPDATE project SET fiscal = 'abc' WHERE id = ?").run(pid);
    db.close();
    const s = EditorSession.open(file);
    open.push(s);
    const page = new Page(s);
    expect(page.state.data.defects.length).toBeGreaterThan(0);
    const r = page.edit('updateProject', { id: projects(page.state.data)[1]!.id, name: '改' });
    expect(r.state).toBeDefined();
    // Correcting the value retires the defect; edits after it answer with change sets again.
    page.edit('updateProject', { id: pid, fiscal: '1' });
    expect(page.state.data.defects).toEqual([]);
    expect(page.edit('updateProject', { id: pid, name: '再改' }).change).toBeDefined();
    page.matchesHost('after correction');
  });
});

/** The file as another program reads it now (its own connection: nothing kept by the session). */
function fileData(s: EditorSession): DocumentData {
  const doc = TargetDocument.open(s.doc.filePath, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

describe('totals kept between edits', () => {
  it('edits, undos and redos in a row, with no whole read between them, keep the page equal to the file', () => {
    const page = new Page(session());
    page.edit('setDepartment', { department: '第一次修改' });
    const check = (what: string) => expect(page.state.data, what).toEqual(fileData(page.s));
    const amounts = (d: DocumentData, k: number) => {
      const p = projects(d)[k % projects(d).length]!;
      return { id: p.id, fiscal: String(100 + k), other: String(k) };
    };
    for (const [k, [op, payload]] of EDITS.entries()) {
      page.edit(op, payload(page.state.data));
      page.edit('updateProject', amounts(page.state.data, k * 7));
      check(op);
    }
    for (let i = 0; i < 2 * EDITS.length; i++) {
      page.edit('undo', {});
      check(`undo ${i}`);
    }
    for (let i = 0; i < 2 * EDITS.length; i++) {
      page.edit('redo', {});
      check(`redo ${i}`);
    }
  });

  it('the limit check counts what another program wrote and what the same edit already changed', () => {
    const HALF = wanCents(50_000_000_000);
    const s = session();
    const page = new Page(s);
    page.edit('setDepartment', { department: '第一次修改' });
    const [u0, u1] = units(page.state.data);
    const zero = { fiscal: wanCents(0), specialAccount: wanCents(0), other: wanCents(0) };
    const [a, b] = [u0!.projects[0]!.id, u1!.projects[0]!.id];
    // Every other amount to zero, through the session (its kept totals follow each edit).
    s.doc.batch('清零', () => {
      for (const p of projects(page.state.data)) s.doc.updateProject(p.id, zero);
    });
    s.doc.takeChanges();
    s.doc.updateProject(a, { fiscal: HALF });
    s.doc.takeChanges();
    // Another program adds an amount in the second unit; an edit in the first must count it.
    const other = new Database(s.doc.filePath);
    other.prepare('UPDATE project SET fiscal = ? WHERE id = ?').run(HALF - 1, b);
    other.close();
    expect(userErrorOf(() => s.doc.updateProject(a, { other: wanCents(2) })).message).toMatch(
      /^合计将超过上限/,
    );
    const c = u1!.projects[1]?.id ?? b;
    s.doc.updateProject(b, { fiscal: wanCents(0) });
    s.doc.takeChanges();
    // Within one edit: the second change counts the first, made moments before in the same step.
    expect(
      userErrorOf(() =>
        s.doc.batch('两处', () => {
          s.doc.updateProject(b, { fiscal: wanCents(50_000_000_000 - 1) });
          s.doc.updateProject(c, { other: wanCents(2) });
        }),
      ).message,
    ).toMatch(/^合计将超过上限/);
    expect(fileData(s).totals.total).toBe(HALF);
    expect(s.state().data.totals.total).toBe(HALF);
  });
});

describe('two pages on one document', () => {
  it('a page whose copy is behind fetches the document again; both end equal to the file', async () => {
    const s = session();
    const a = new DocStore(apiFor(s, 'page-a'), { checkDelay: 60_000 });
    const b = new DocStore(apiFor(s, 'page-b'), { checkDelay: 60_000 });
    a.onNotice = () => {};
    b.onNotice = () => {};
    a.setDocument(s.state('page-a'));
    b.setDocument(s.state('page-b'));
    const [p0, p1] = projects(a.doc!.data);
    await a.edit('updateProject', { id: p0!.id, name: 'A 改的' });
    await a.edit('updateProject', { id: p0!.id, fiscal: '7' });
    // B edits from an old version: refused as stale, B fetches, then its edit is sent again.
    await b.edit('updateProject', { id: p1!.id, goal: 'B 的目标' });
    await a.edit('updateProject', { id: p1!.id, name: 'A 又改' }); // A is now behind B's edit
    await a.settled();
    await b.poll();
    await b.settled();
    for (const [store, client] of [
      [a, 'page-a'],
      [b, 'page-b'],
    ] as const) {
      const host = s.state(client);
      expect(store.doc!.version).toBe(host.version);
      expect(store.doc!.data).toEqual(host.data);
    }
    // The findings the page shows are those of the command line.
    expect(await a.check()).toEqual(checkDocument(s.doc.snapshot()));
    a.dispose();
    b.dispose();
  });
});
