import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowserHost, type BrowserCall } from '../../cli/web/host.ts';
import { TargetDocument } from '../../db/document.ts';
import type { HostService } from '../../db/service/service.ts';
import type { NewFromPreviousState, OpenedState } from '../../db/shared/api/host-contract.ts';
import { isUserError } from '../../db/shared/errors.ts';
import type { MoneyUnit } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { DocumentWindows, type DocumentWindow } from '../../electron/documents.ts';
import { ElectronHost } from '../../electron/host.ts';
import { RecentDocuments } from '../../electron/recent.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { addWindow, FakeDesktop, makeDocument, type FakeWindow } from '../electron/fakes.ts';
import { FORMS, writeFormCsv, writeFormWorkbook } from './workbooks.ts';

/**
 * 打开 of a table (a workbook, a CSV…) and 由上年文件新建 from a workbook, through both hosts'
 * real ports on real files: browser mode (paths typed, fresh names, the unit refused back to the
 * page's form) and Electron's (its dialogs and its question for the unit stood in for by a
 * scripted clerk). The progress and cancelling of a reading are the service's, for both.
 */

function read(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

const indicators = (d: DocumentData) =>
  d.units.flatMap((u) => u.projects).reduce((n, p) => n + p.indicators.length, 0);

/** What `run` throws, as its message. */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(isUserError(e), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

/** Waits (a few ms at a time) until `check` answers something. */
async function until<T>(check: () => T | null): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const value = check();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('never');
}

describe('browser mode: 打开 of a table', () => {
  let dir: string;
  let host: BrowserHost;
  const page: BrowserCall = { client: 'page-1' };
  const call = <T>(op: string, payload: unknown) => host.call(op, payload, page.client) as T;
  const handlers = () => host.service.handlers;

  beforeEach(() => {
    dir = tempDir();
    host = new BrowserHost(dir, 'test');
  });
  afterEach(() => host.close());

  it('imports a workbook into <name>.jxmb beside it, opens it with the notes; the table unchanged', async () => {
    const source = await writeFormWorkbook(
      FORMS.twoProjects.fixture,
      path.join(dir, '教育局.xlsx'),
    );
    const before = readFileSync(source);
    const state = await call<Promise<OpenedState>>('openDocument', { path: '教育局.xlsx' });
    expect(state.fileName).toBe('教育局.jxmb');
    expect(host.current?.doc.filePath).toBe(path.join(host.workDir, '教育局.jxmb'));
    expect(state.imported?.source).toBe('教育局.xlsx');
    const notes = state.imported!.notes;
    expect(notes.length).toBeGreaterThan(3);
    expect(notes.every((n) => n.where.startsWith('工作表“申报表”第 '))).toBe(true);
    expect(notes.map((n) => n.message).join('\n')).toContain('按逐项目申报表');
    expect(state.data.units.flatMap((u) => u.projects).map((p) => p.name)).toEqual([
      '教师专业发展培训',
      '校园安全设施维护',
    ]);
    expect(indicators(read(path.join(dir, '教育局.jxmb')))).toBe(FORMS.twoProjects.indicators);
    expect(readFileSync(source).equals(before)).toBe(true);

    // Opening it again never writes over the first: a fresh name.
    const again = await call<Promise<OpenedState>>('openDocument', { path: '教育局.xlsx' });
    expect(again.fileName).toBe('教育局（2）.jxmb');
    const files = readdirSync(dir).filter((f) => !f.endsWith('.lock'));
    expect(files.sort()).toEqual(['教育局.jxmb', '教育局.xlsx', '教育局（2）.jxmb']);
  });

  it('a CSV, saved under the name the page gave; a name already taken is refused', async () => {
    writeFormCsv(FORMS.yuan.fixture, path.join(dir, '道路.csv'));
    const state = await call<Promise<OpenedState>>('openDocument', {
      path: '道路.csv',
      target: '养护2024',
    });
    expect(state.fileName).toBe('养护2024.jxmb');
    expect(state.data.money.unit).toBe('元');
    const taken = makeDocument(path.join(dir, '已有.jxmb'));
    const bytes = readFileSync(taken);
    const message = await refusal(() =>
      call('openDocument', { path: '道路.csv', target: '已有.jxmb' }),
    );
    expect(message).toContain('已存在');
    expect(readFileSync(taken).equals(bytes)).toBe(true);
    expect(host.current?.doc.filePath).toBe(path.join(host.workDir, '养护2024.jxmb'));
  });

  it('a table as text is imported the same way (notes by line)', async () => {
    copyFileSync(ownFixture('other-regions/project-form-yuan.txt'), path.join(dir, '道路.txt'));
    const state = await call<Promise<OpenedState>>('openDocument', { path: '道路.txt' });
    expect(state.fileName).toBe('道路.jxmb');
    expect(state.imported?.notes[0]?.where).toMatch(/^第 \d+ 行$/);
    expect(indicators(read(path.join(dir, '道路.jxmb')))).toBe(FORMS.yuan.indicators);
  });

  it('a table stating no unit is refused back to the page, then read in the unit it sends', async () => {
    await writeFormWorkbook(FORMS.noUnit.fixture, path.join(dir, '食堂.xlsx'));
    const message = await refusal(() => call('openDocument', { path: '食堂.xlsx' }));
    expect(message).toMatch(/工作表“申报表”第 \d+ 行.*找不到金额单位/);
    expect(existsSync(path.join(dir, '食堂.jxmb'))).toBe(false);
    const state = await call<Promise<OpenedState>>('openDocument', {
      path: '食堂.xlsx',
      unit: '元',
    });
    expect(state.data.money.unit).toBe('元');
    expect(state.imported?.notes.map((n) => n.message).join('\n')).toContain('按指定的元读取');
    expect(await refusal(() => call('openDocument', { path: '食堂.xlsx', unit: '千元' }))).toBe(
      '请求内容无效（unit：金额单位应为 万元 或 元）',
    );
  });

  it('a document opens as before, even renamed; an old .xls is refused with what to do', async () => {
    const file = makeDocument(path.join(dir, '组织部.jxmb'));
    const opened = await call<Promise<OpenedState>>('openDocument', { path: '组织部.jxmb' });
    expect(opened.imported).toBeUndefined();
    copyFileSync(file, path.join(dir, '组织部副本.dat'));
    const renamed = await call<Promise<OpenedState>>('openDocument', { path: '组织部副本.dat' });
    expect(renamed.imported).toBeUndefined();
    expect(renamed.fileName).toBe('组织部副本.dat');
    // The bytes of an OLE2 compound file (Excel 97-2003, WPS .et).
    const ole2 = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
    writeFileSync(path.join(dir, '旧表.xls'), ole2);
    const message = await refusal(() => call('openDocument', { path: '旧表.xls' }));
    expect(message).toContain('另存为“Excel 工作簿（*.xlsx）”');
    expect(host.current?.doc.filePath).toBe(path.join(host.workDir, '组织部副本.dat'));
  });

  it('tells the page what it reads and for how long, and nothing once it is read', async () => {
    await writeFormWorkbook(FORMS.yuan.fixture, path.join(dir, '进度.xlsx'));
    expect(await call('importProgress', {})).toBeNull();
    const opening = call<Promise<OpenedState>>('openDocument', { path: '进度.xlsx' });
    const progress = await until(() => handlers().importProgress(page, {}) as object | null);
    expect(progress).toEqual({ name: '进度.xlsx', seconds: 0 });
    // Another page's question is about its own reading: none.
    expect(await host.call('importProgress', {}, 'page-2')).toBeNull();
    expect((await opening).fileName).toBe('进度.jxmb');
    expect(await call('importProgress', {})).toBeNull();
  });

  it('cancelling a reading answers null and writes nothing; the page stays where it was', async () => {
    makeDocument(path.join(dir, '原来.jxmb'));
    await call('openDocument', { path: '原来.jxmb' });
    await writeFormWorkbook(FORMS.twoProjects.fixture, path.join(dir, '取消.xlsx'));
    const opening = call<Promise<OpenedState | null>>('openDocument', { path: '取消.xlsx' });
    await until(() => handlers().importProgress(page, {}) as object | null);
    expect(await call('cancelImport', {})).toBe(true);
    expect(await opening).toBeNull();
    expect(await call('cancelImport', {})).toBe(false);
    expect(await call('importProgress', {})).toBeNull();
    expect(existsSync(path.join(dir, '取消.jxmb'))).toBe(false);
    expect(host.current?.doc.filePath).toBe(path.join(host.workDir, '原来.jxmb'));
  });

  it('由上年文件新建 from a workbook: next year’s table, notes by sheet, row and column', async () => {
    const source = await writeFormWorkbook(FORMS.twoProjects.fixture, path.join(dir, '2024.xlsx'));
    const before = readFileSync(source);
    const state = await call<Promise<NewFromPreviousState>>('newFromPrevious', {
      source: '2024.xlsx',
      keepAmounts: false,
    });
    expect(state.data.year).toBe(2025);
    expect(state.fileName).toBe('示例市示例区教育局2025年绩效目标表.jxmb');
    expect(state.notes.length).toBeGreaterThan(3);
    expect(state.notes.every((n) => /^工作表“申报表”第 \d+ 行/.test(n.where))).toBe(true);
    expect(readFileSync(source).equals(before)).toBe(true);
    expect(await call('importProgress', {})).toBeNull();
  });
});

/** A clerk who answers Electron's question for the money unit from a queue. */
class UnitAskingDesktop extends FakeDesktop {
  readonly unitAnswers: (MoneyUnit | undefined)[] = [];
  readonly unitQuestions: string[] = [];
  askUnit(_owner: FakeWindow, message: string) {
    this.unitQuestions.push(message);
    return Promise.resolve(this.unitAnswers.shift());
  }
}

describe('Electron: 打开 of a table', () => {
  let dir: string;
  let windows: DocumentWindows<FakeWindow>;
  let desktop: UnitAskingDesktop;
  let service: HostService<DocumentWindow<FakeWindow>>;
  let start: DocumentWindow<FakeWindow>;
  let host: ElectronHost<FakeWindow>;

  beforeEach(() => {
    dir = tempDir();
    windows = new DocumentWindows();
    desktop = new UnitAskingDesktop(dir);
    host = new ElectronHost(
      windows,
      new RecentDocuments(path.join(dir, 'user', 'recent.json')),
      desktop,
    );
    service = host.service;
    start = addWindow(windows, 'start');
    return () => {
      windows.closeAll();
      for (const s of desktop.opened) s.close();
    };
  });

  it('the open dialog offers tables; the save dialog proposes <name>.jxmb beside the table', async () => {
    const tables = path.join(dir, '表格');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(tables);
    const source = await writeFormWorkbook(FORMS.yuan.fixture, path.join(tables, '养护.xlsx'));
    const target = path.join(tables, '养护.jxmb');
    desktop.answers.push(source, target);
    const state = (await service.call(start, 'openDocument', {})) as OpenedState;
    const [open, save] = desktop.dialogs;
    expect(open!.kind).toBe('open');
    expect(open!.request.filters[0]!.extensions).toEqual(['jxmb', 'xlsx', 'csv', 'pdf', 'txt']);
    expect(save!.kind).toBe('save');
    expect(save!.request.defaultPath).toBe(target);
    expect(save!.request.filters).toEqual([{ name: '绩效目标表', extensions: ['jxmb'] }]);
    expect(state.fileName).toBe('养护.jxmb');
    expect(state.imported?.notes[0]?.where).toMatch(/^工作表“申报表”第 \d+ 行/);
    expect(start.session?.doc.filePath).toBe(target);
    expect(desktop.unitQuestions).toEqual([]);
  });

  it('a table stating no unit: the clerk is asked, and it is read in the unit chosen', async () => {
    const source = await writeFormWorkbook(FORMS.noUnit.fixture, path.join(dir, '食堂.xlsx'));
    desktop.answers.push(source, path.join(dir, '食堂.jxmb'));
    desktop.unitAnswers.push('万元');
    const state = (await service.call(start, 'openDocument', {})) as OpenedState;
    expect(desktop.unitQuestions).toHaveLength(1);
    expect(desktop.unitQuestions[0]).toContain('找不到金额单位');
    expect(state.data.money.unit).toBe('万元');
    expect(read(path.join(dir, '食堂.jxmb')).money.unit).toBe('万元');
  });

  it('cancelling the unit question or the save dialog writes nothing', async () => {
    const source = await writeFormWorkbook(FORMS.noUnit.fixture, path.join(dir, '食堂.xlsx'));
    desktop.answers.push(source);
    desktop.unitAnswers.push(undefined);
    expect(await service.call(start, 'openDocument', {})).toBeNull();
    expect(desktop.dialogs.map((d) => d.kind)).toEqual(['open']);

    const other = await writeFormWorkbook(FORMS.yuan.fixture, path.join(dir, '养护.xlsx'));
    desktop.answers.push(other, undefined);
    expect(await service.call(start, 'openDocument', {})).toBeNull();
    expect(readdirSync(dir).filter((f) => f.endsWith('.jxmb'))).toEqual([]);
    expect(start.session).toBeUndefined();
  });

  it('from a window with a document: the new window’s page gets the notes, once', async () => {
    host.openPath(makeDocument(path.join(dir, '原来.jxmb')), start);
    const source = await writeFormWorkbook(FORMS.yuan.fixture, path.join(dir, '养护.xlsx'));
    desktop.answers.push(source, path.join(dir, '养护.jxmb'));
    // The asking window keeps its document: the new one opens in a window of its own.
    expect(await service.call(start, 'openDocument', {})).toBeNull();
    expect(start.session?.doc.filePath).toBe(path.join(dir, '原来.jxmb'));
    const made = addWindow(windows, 'new', desktop.opened[0]);
    const first = (await service.call(made, 'currentDocument', {})) as OpenedState;
    expect(first.fileName).toBe('养护.jxmb');
    expect(first.imported?.source).toBe('养护.xlsx');
    expect(first.imported?.nextYear).toBeUndefined();
    expect(first.imported?.notes[0]?.where).toMatch(/^工作表“申报表”第 \d+ 行/);
    const again = (await service.call(made, 'currentDocument', {})) as OpenedState;
    expect(again.imported).toBeUndefined();
    expect(((await service.call(start, 'currentDocument', {})) as OpenedState).imported).toBe(
      undefined,
    );

    // 由上年文件新建 likewise, saying it is next year's table (its page opens the year review).
    const target = path.join(dir, '下年.jxmb');
    desktop.answers.push(source, target);
    expect(
      await service.call(start, 'newFromPrevious', { keepAmounts: false, year: 2025 }),
    ).toBeNull();
    const next = addWindow(windows, 'next', desktop.opened[1]);
    const arrived = (await service.call(next, 'currentDocument', {})) as OpenedState;
    expect(arrived.data.year).toBe(2025);
    expect(arrived.imported).toMatchObject({ source: '养护.xlsx', nextYear: true });
    expect(arrived.imported!.notes.length).toBeGreaterThan(3);
  });

  it('the table itself picked in the save dialog is not written over: the document gets .jxmb', async () => {
    const source = await writeFormWorkbook(FORMS.yuan.fixture, path.join(dir, '养护.xlsx'));
    const before = readFileSync(source);
    desktop.answers.push(source, source);
    const state = (await service.call(start, 'openDocument', {})) as OpenedState;
    expect(state.fileName).toBe('养护.xlsx.jxmb');
    expect(readFileSync(source).equals(before)).toBe(true);
  });
});
