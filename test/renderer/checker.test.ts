import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import type { Finding } from '../../db/shared/check/finding.ts';
import { checkDocument } from '../../db/shared/check/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import {
  FallbackChecker,
  InThreadChecker,
  type Checker,
  type PatchLog,
} from '../../renderer/src/check/checker.ts';
import { CheckerCore, type CheckReply, type CheckRequest } from '../../renderer/src/check/core.ts';
import { applyDelta, findingKey, findingsDelta } from '../../renderer/src/check/delta.ts';
import { DocStore } from '../../renderer/src/doc-store.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, tempDir } from '../helpers.ts';
import { apiFor } from './session-api.ts';

/*
 * The page's checks run on its own copy of the document, in a Web Worker in the app (renderer/
 * src/check). The worker is sent the edits' change sets, not the document, and answers with the
 * stretch of findings that changed. Under Node the same code runs on the test's thread
 * (InThreadChecker): what is checked here is that the findings the page ends up with are, after
 * every kind of edit, exactly those of `jxmb check` on the file, that only change sets crossed,
 * and that findings the edit did not change stay the same objects (their rows are not redrawn).
 */

const FIXTURE = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');

let sessions: EditorSession[] = [];
let stores: DocStore[] = [];
afterEach(() => {
  for (const s of stores) s.dispose();
  for (const s of sessions) s.close();
  stores = [];
  sessions = [];
});

function session(): EditorSession {
  const { draft } = importPublishedText(readFileSync(FIXTURE, 'utf8'));
  const file = path.join(tempDir(), '表.jxmb');
  writeDraft(draft, file);
  const s = EditorSession.open(file);
  sessions.push(s);
  return s;
}

/** The in-thread checker, recording what it was asked to do. */
class RecordingChecker extends InThreadChecker {
  readonly sent: CheckRequest['kind'][] = [];
  protected override send(request: CheckRequest): Promise<CheckReply> {
    this.sent.push(request.kind);
    return super.send(request);
  }
}

function storeFor(s: EditorSession, checker: Checker): DocStore {
  const store = new DocStore(apiFor(s, 'page'), { checkDelay: 60_000, checker });
  store.onNotice = () => {};
  store.onError = (m) => {
    throw new Error(m);
  };
  store.setDocument(s.state('page'));
  stores.push(store);
  return store;
}

const projects = (d: DocumentData) => d.units.flatMap((u) => u.projects);

describe('findings deltas', () => {
  const finding = (n: number): Finding => ({
    ruleId: `r${n % 3}`,
    severity: 'warning',
    message: `第 ${n} 条`,
    location: { projectId: n },
  });

  it('rebuild the new list from the old one, keeping the findings that did not change', () => {
    // Seeded: the same cases on every run.
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round++) {
      const before = Array.from({ length: rand(12) }, () => finding(rand(20)));
      const after = [...before];
      // One stretch replaced, as an edit of one project changes its findings.
      const at = rand(after.length + 1);
      after.splice(at, rand(4), ...Array.from({ length: rand(4) }, () => finding(rand(20))));
      const delta = findingsDelta(before.map(findingKey), after, after.map(findingKey));
      const rebuilt = applyDelta(before, delta);
      expect(rebuilt).toEqual(after);
      expect(delta.insert.length).toBeLessThanOrEqual(after.length);
      // Everything outside the changed stretch is the old object.
      rebuilt.forEach((f, i) => {
        if (i < delta.start || i >= delta.start + delta.insert.length) {
          expect(before).toContain(f);
        }
      });
      if (delta.remove === 0 && delta.insert.length === 0) expect(rebuilt).toBe(before);
    }
  });
});

describe('the page checks its copy with change sets', () => {
  it('after every kind of edit, undo and redo shows the findings of jxmb check', async () => {
    const s = session();
    const checker = new RecordingChecker();
    const store = storeFor(s, checker);
    const cli = () => checkDocument(s.doc.snapshot());

    expect(await store.check()).toEqual(cli());
    const [p0, p1] = projects(store.doc!.data);
    const unitId = store.doc!.data.units[0]!.id;
    const ind = p0!.indicators[0]!;

    const steps: [string, () => Promise<unknown>][] = [
      ['a placeholder name', () => store.edit('updateProject', { id: p0!.id, name: '待定' })],
      ['an empty goal', () => store.edit('updateProject', { id: p1!.id, goal: '' })],
      ['an amount', () => store.edit('updateProject', { id: p1!.id, fiscal: '0' })],
      ['an indicator value', () => store.edit('updateIndicator', { id: ind.id, cycleValue: 'xx' })],
      ['a new project', () => store.edit('addProject', { unitId, name: '新项目' })],
      ['a deleted project', () => store.edit('deleteProject', { id: p1!.id })],
      ['undo', () => store.edit('undo', {})],
      ['redo', () => store.edit('redo', {})],
      ['the year', () => store.edit('setYear', { year: store.doc!.data.year + 1 })],
    ];
    for (const [what, step] of steps) {
      await step();
      expect(await store.check(), what).toEqual(cli());
    }
    // The whole document crossed once, at the start; after that only change sets.
    expect(checker.sent[0]).toBe('full');
    expect(checker.sent.slice(1)).toEqual(steps.map(() => 'patch'));
  });

  it('keeps the findings an edit did not change as the same objects', async () => {
    const s = session();
    const store = storeFor(s, new InThreadChecker());
    const before = await store.check();
    const edited = projects(store.doc!.data).find((p) =>
      before!.some((f) => f.location.projectId === p.id),
    )!;
    await store.edit('updateProject', { id: edited.id, name: `${edited.name}（改）` });
    const after = await store.check();
    expect(after).toEqual(checkDocument(s.doc.snapshot()));
    for (const f of after!) {
      if (f.location.projectId !== edited.id) expect(before).toContain(f);
    }
  });

  it('sends the whole document when the change sets do not lead from what it holds', async () => {
    const s = session();
    const checker = new RecordingChecker();
    const data0 = s.state('page').data;
    await checker.check(data0);
    // A log from a document the checker never saw: the whole document is sent.
    const other = { ...data0, units: data0.units.slice(1) };
    const log: PatchLog = { from: other, changes: [] };
    expect(await checker.check(data0, log)).toEqual(checkDocument(data0));
    expect(checker.sent).toEqual(['full', 'full']);
  });

  it('asks for the whole document when change sets do not fit its copy', () => {
    const s = session();
    const data = s.state('page').data;
    const core = new CheckerCore();
    // Nothing held yet: a patch cannot be applied.
    const reply = core.handle({ seq: 1, kind: 'patch', changes: [] });
    expect(reply.kind).toBe('resync');
    const full = core.handle({ seq: 2, kind: 'full', data });
    expect(full.kind === 'findings' && full.delta.insert).toEqual(checkDocument(data));
    // A change set naming a project the copy does not have.
    const stray = core.handle({
      seq: 3,
      kind: 'patch',
      changes: [
        {
          totals: data.totals,
          units: [{ ...data.units[0]!, projectIds: [999_999] }],
          projects: [],
          removedUnits: [],
          removedProjects: [],
          defects: [],
        },
      ],
    });
    expect(stray.kind).toBe('resync');
  });

  it('falls back to the page’s thread when the worker fails, with the same findings', async () => {
    const s = session();
    const data = s.state('page').data;
    let disposed = false;
    const broken: Checker = {
      check: () => Promise.reject(new Error('审核线程出错')),
      dispose: () => {
        disposed = true;
      },
    };
    const checker = new FallbackChecker(broken);
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(await checker.check(data)).toEqual(checkDocument(data));
    } finally {
      console.warn = warn;
    }
    expect(disposed).toBe(true);
  });
});
