import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { DocumentLock, lockHolder } from '../../db/file-lock.ts';
import { safeFileName, samePath, withExtension } from '../../db/service/file-names.ts';
import { DocumentWindows, type DocumentWindow } from '../../electron/documents.ts';
import { ElectronHost, filesFromArgv } from '../../electron/host.ts';
import { RecentDocuments } from '../../electron/recent.ts';
import { tempDir } from '../helpers.ts';
import { addWindow, FakeDesktop, makeDocument, type FakeWindow } from './fakes.ts';

/**
 * The desktop host operations on real documents and files; only the dialogs and windows are
 * stand-ins (Electron cannot run here), answering as a clerk would.
 */

let dir: string;
let windows: DocumentWindows<FakeWindow>;
let recent: RecentDocuments;
let desktop: FakeDesktop;
let host: ElectronHost<FakeWindow>;
let start: DocumentWindow<FakeWindow>;

beforeEach(() => {
  dir = tempDir();
  windows = new DocumentWindows();
  recent = new RecentDocuments(path.join(dir, 'user', 'recent.json'));
  desktop = new FakeDesktop(dir);
  host = new ElectronHost(windows, recent, desktop);
  start = addWindow(windows, 'start');
  return () => {
    windows.closeAll();
    for (const s of desktop.opened) s.close();
  };
});

const h = () => host.service.handlers;

describe('新建 (newDocument)', () => {
  it('proposes {部门}{年度}年绩效目标表.jxmb, creates it, and shows it in the start page', async () => {
    const target = path.join(dir, '区委组织部2026年绩效目标表.jxmb');
    desktop.answers.push(target);
    const state = (await h().newDocument(start, {
      department: '区委组织部',
      year: 2026,
      tree: 'default',
    })) as DocumentState;
    expect(desktop.dialogs[0]!.kind).toBe('save');
    expect(desktop.dialogs[0]!.request.defaultPath).toBe(target);
    expect(desktop.dialogs[0]!.request.filters).toEqual([
      { name: '绩效目标表', extensions: ['jxmb'] },
    ]);
    expect(state.fileName).toBe('区委组织部2026年绩效目标表.jxmb');
    expect(state.data.year).toBe(2026);
    expect(start.session?.doc.filePath).toBe(target);
    expect(desktop.changed).toEqual([start]);
    expect(recent.list().map((r) => r.path)).toEqual([target]);
  });

  it('opens a second document in its own window, and returns null to the first', async () => {
    desktop.answers.push(path.join(dir, 'a.jxmb'), path.join(dir, 'b'));
    await h().newDocument(start, { department: 'A', year: 2025, tree: 'default' });
    const second = await h().newDocument(start, { department: 'B', year: 2025, tree: 'default' });
    expect(second).toBeNull();
    expect(desktop.opened.map((s) => path.basename(s.doc.filePath))).toEqual(['b.jxmb']);
    expect(start.session?.doc.filePath).toBe(path.join(dir, 'a.jxmb'));
  });

  it('does nothing when the clerk cancels; refuses an unknown tree before asking', async () => {
    desktop.answers.push(undefined);
    expect(await h().newDocument(start, { department: 'A', year: 2025, tree: 'default' })).toBe(
      null,
    );
    await expect(
      h().newDocument(start, { department: 'A', year: 2025, tree: 'nope' }),
    ).rejects.toThrow('没有名为“nope”的指标体系');
    expect(desktop.dialogs).toHaveLength(1);
    expect(start.session).toBeUndefined();
  });

  it('never overwrites a document that is open in a window', async () => {
    const open = makeDocument(path.join(dir, 'open.jxmb'));
    const other = addWindow(windows, 'other', EditorSession.open(open));
    desktop.answers.push(open);
    await expect(
      h().newDocument(start, { department: 'A', year: 2025, tree: 'default' }),
    ).rejects.toThrow('正在另一个窗口中编辑');
    expect(other.session!.state().data.department).toBe('区委组织部');
  });

  it('an extension added to the answer is not an overwrite the dialog confirmed', async () => {
    makeDocument(path.join(dir, 'x.jxmb'));
    desktop.answers.push(path.join(dir, 'x'));
    await expect(
      h().newDocument(start, { department: 'A', year: 2025, tree: 'default' }),
    ).rejects.toThrow('已存在');
  });
});

describe('由上年文件新建 (newFromPrevious)', () => {
  it('asks for the source, then proposes next year’s name beside it; the source is only read', async () => {
    mkdirSync(path.join(dir, 'old'));
    const source = makeDocument(path.join(dir, 'old', '上年.jxmb'), '区委组织部', 2025);
    const before = readFileSync(source);
    const target = path.join(dir, 'old', '区委组织部2026年绩效目标表.jxmb');
    desktop.answers.push(source, target);
    const state = (await h().newFromPrevious(start, { keepAmounts: false })) as DocumentState;
    expect(desktop.dialogs.map((d) => d.kind)).toEqual(['open', 'save']);
    expect(desktop.dialogs[0]!.request).toMatchObject({ defaultPath: dir });
    expect(desktop.dialogs[0]!.request.filters[0]!.extensions).toEqual([
      'jxmb',
      'xlsx',
      'csv',
      'pdf',
      'txt',
    ]);
    expect(desktop.dialogs[1]!.request.defaultPath).toBe(target);
    expect(state).toMatchObject({ filePath: target, data: { year: 2026 } });
    expect(readFileSync(source).equals(before)).toBe(true);
  });

  it('a source from the page must be one of 最近打开', async () => {
    const source = makeDocument(path.join(dir, '上年.jxmb'));
    await expect(h().newFromPrevious(start, { source, keepAmounts: false })).rejects.toThrow(
      '只能直接使用“最近打开”中的文件',
    );
    expect(desktop.dialogs).toHaveLength(0);
    recent.add(source);
    desktop.answers.push(path.join(dir, '下年'));
    expect(await h().newFromPrevious(start, { source, keepAmounts: false })).toMatchObject({
      fileName: '下年.jxmb',
    });
  });
});

describe('打开 (openDocument)', () => {
  it('shows the open dialog, then the document in the start page', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    desktop.answers.push(file);
    const state = (await h().openDocument(start, {})) as DocumentState;
    expect(desktop.dialogs[0]!.kind).toBe('open');
    expect(state.filePath).toBe(file);
    expect(start.session).toBeDefined();
  });

  it('a document already open: its window is focused, nothing is opened twice', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const other = addWindow(windows, 'other', EditorSession.open(file));
    desktop.answers.push(file);
    expect(await h().openDocument(start, {})).toBeNull();
    expect(other.window.focused).toBe(1);
    expect(start.session).toBeUndefined();
    expect(desktop.opened).toHaveLength(0);
    // Asked from its own window: that window's state comes back.
    desktop.answers.push(file);
    expect(await h().openDocument(other, {})).toMatchObject({ filePath: file });
  });

  it('a path from the page must be one of 最近打开; anything else is refused', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const secret = path.join(dir, 'secret.jxmb');
    makeDocument(secret);
    await expect(h().openDocument(start, { path: secret })).rejects.toThrow('最近打开');
    recent.add(file);
    expect(await h().openDocument(start, { path: file })).toMatchObject({ filePath: file });
    expect(desktop.dialogs).toHaveLength(0);
  });

  it('a file that is not a document is refused with the store’s message', async () => {
    const bogus = path.join(dir, 'bogus.jxmb');
    writeFileSync(bogus, 'not sqlite');
    desktop.answers.push(bogus);
    await expect(h().openDocument(start, {})).rejects.toThrow('不是绩效目标表文件');
    expect(start.session).toBeUndefined();
  });
});

describe('a document another program has open (its lock file)', () => {
  it('asks; 只读打开 opens it read-only: edits refused, export still works', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const other = DocumentLock.acquire(file); // the other program
    try {
      desktop.answers.push(file);
      desktop.lockAnswers.push('readOnly');
      const state = (await h().openDocument(start, {})) as DocumentState;
      expect(desktop.lockQuestions[0]!.message).toContain('“表.jxmb”已由');
      expect(desktop.lockQuestions[0]!.holder.stale).toBe(false);
      expect(state.readOnly?.reason).toContain('只读');
      const session = start.session!;
      expect(() => session.call('setDepartment', { department: '改' })).toThrow(/只读/);
      desktop.answers.push(path.join(dir, '表.pdf'));
      expect(await h().exportDocument(start, { format: 'pdf', layout: 'official' })).toEqual({
        name: '表.pdf',
      });
      // The other program's lock is untouched.
      expect(other.isHeld).toBe(true);
    } finally {
      other.release();
    }
  });

  it('另存副本 opens it read-only, then goes on editing in the copy the clerk names', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const other = DocumentLock.acquire(file);
    try {
      const copy = path.join(dir, '表（副本）.jxmb');
      desktop.answers.push(file, copy);
      desktop.lockAnswers.push('copy');
      await h().openDocument(start, {});
      expect(start.session!.doc.filePath).toBe(copy);
      expect(start.session!.readOnly).toBeNull();
      start.session!.call('setDepartment', { department: '副本上改' });
      expect(lockHolder(copy)?.pid).toBe(process.pid);
    } finally {
      other.release();
    }
  });

  it('cancel opens nothing; a live holder cannot be taken over', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const other = DocumentLock.acquire(file);
    try {
      desktop.answers.push(file, file);
      desktop.lockAnswers.push(undefined, 'takeOver');
      expect(await h().openDocument(start, {})).toBeNull();
      expect(await h().openDocument(start, {})).toBeNull();
      expect(start.session).toBeUndefined();
      expect(other.isHeld).toBe(true);
    } finally {
      other.release();
    }
  });

  it('new and 另存为 never overwrite a file another program holds', async () => {
    const held = makeDocument(path.join(dir, '别人的.jxmb'));
    const other = DocumentLock.acquire(held);
    try {
      desktop.answers.push(held);
      await expect(
        h().newDocument(start, { department: 'A', year: 2025, tree: 'default' }),
      ).rejects.toThrow('不能覆盖');
      expect(other.isHeld).toBe(true);
    } finally {
      other.release();
    }
  });
});

describe('另存为 (saveAs)', () => {
  it('writes a copy and goes on in the copy, in the same window', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const win = addWindow(windows, 'doc', EditorSession.open(file));
    win.session!.call('setDepartment', { department: '改过' });
    desktop.answers.push(path.join(dir, '副本.jxmb'));
    const state = (await h().saveAs(win, {})) as DocumentState;
    expect(desktop.dialogs[0]!.request.defaultPath).toBe(path.join(dir, '表（副本）.jxmb'));
    expect(state.fileName).toBe('副本.jxmb');
    expect(state.data.department).toBe('改过');
    expect(win.session!.doc.filePath).toBe(path.join(dir, '副本.jxmb'));
    expect(desktop.changed).toEqual([win]);
    const original = TargetDocument.open(file, { readonly: true });
    expect(original.snapshot().department).toBe('改过');
    original.close();
  });

  it('the same name is nothing to do; a name open elsewhere is refused', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const other = makeDocument(path.join(dir, '另一个.jxmb'));
    const win = addWindow(windows, 'doc', EditorSession.open(file));
    addWindow(windows, 'other', EditorSession.open(other));
    desktop.answers.push(file, other);
    expect(await h().saveAs(win, {})).toMatchObject({ filePath: file });
    await expect(h().saveAs(win, {})).rejects.toThrow('正在另一个窗口中编辑');
    expect(win.session!.doc.isOpen).toBe(true);
  });

  it('a window closed while the dialog was open gets nothing done', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const win = addWindow(windows, 'doc', EditorSession.open(file));
    desktop.answers.push(path.join(dir, '副本.jxmb'));
    const pending = h().saveAs(win, {});
    windows.remove(win.webContentsId);
    expect(await pending).toBeNull();
    expect(existsSync(path.join(dir, '副本.jxmb'))).toBe(false);
  });
});

describe('导出 and 打印预览', () => {
  let win: DocumentWindow<FakeWindow>;
  beforeEach(() => {
    win = addWindow(windows, 'doc', EditorSession.open(makeDocument(path.join(dir, '表.jxmb'))));
  });

  it('exports Word to the file the clerk chose', async () => {
    desktop.answers.push(path.join(dir, 'out.docx'));
    expect(await h().exportDocument(win, { format: 'docx', layout: 'official' })).toEqual({
      name: 'out.docx',
    });
    expect(desktop.dialogs[0]!.request).toMatchObject({
      title: '导出 Word',
      defaultPath: path.join(dir, '表.docx'),
      filters: [{ name: 'Word 文档', extensions: ['docx'] }],
    });
    expect(readFileSync(path.join(dir, 'out.docx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('exports PDF, adding the extension when the clerk left it out', async () => {
    desktop.answers.push(path.join(dir, 'out'));
    expect(await h().exportDocument(win, { format: 'pdf', layout: 'official' })).toEqual({
      name: 'out.pdf',
    });
    expect(readFileSync(path.join(dir, 'out.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses an unknown layout before asking where to save', async () => {
    await expect(h().exportDocument(win, { format: 'pdf', layout: 'nope' })).rejects.toThrow(
      '没有名为“nope”的打印格式',
    );
    expect(desktop.dialogs).toHaveLength(0);
  });

  it('print preview: a PDF in a temporary folder, removed when the preview closes', async () => {
    await h().printPreview(win, { layout: 'official' });
    const [preview] = desktop.previews;
    expect(preview!.title).toBe('打印预览 - 表');
    expect(readFileSync(preview!.file).subarray(0, 5).toString()).toBe('%PDF-');
    preview!.dispose();
    expect(existsSync(path.dirname(preview!.file))).toBe(false);
  });
});

describe('the window registry and small helpers', () => {
  it('closing a window closes its document', () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    const win = addWindow(windows, 'doc', EditorSession.open(file));
    const session = win.session!;
    windows.remove(win.webContentsId);
    expect(session.doc.isOpen).toBe(false);
    expect(windows.findByPath(file)).toBeUndefined();
  });

  it('file names, extensions, command lines', () => {
    expect(safeFileName('区委/组织部:2025*')).toBe('区委_组织部_2025_');
    expect(safeFileName('   ')).toBe('未命名');
    expect(withExtension('/a/b.JXMB', '.jxmb')).toEqual({ file: '/a/b.JXMB', confirmed: true });
    expect(withExtension('/a/b', '.jxmb')).toEqual({ file: '/a/b.jxmb', confirmed: false });
    expect(filesFromArgv(['/opt/app', '--no-sandbox', 'a.jxmb', 'b.txt', '.'], '/home/u')).toEqual([
      path.resolve('/home/u', 'a.jxmb'),
    ]);
    expect(samePath('C:\\Docs\\A.jxmb', 'c:\\docs\\a.JXMB', 'win32')).toBe(true);
    expect(samePath('/docs/A.jxmb', '/docs/a.jxmb', 'linux')).toBe(false);
  });

  it('最近打开: newest first, no duplicates, at most 10, missing files hidden, damage tolerated', () => {
    const files = Array.from({ length: 12 }, (_, i) => makeDocument(path.join(dir, `f${i}.jxmb`)));
    for (const f of files) recent.add(f);
    recent.add(files[5]!);
    const list = recent.list().map((r) => path.basename(r.path));
    expect(list).toEqual(
      ['f5', 'f11', 'f10', 'f9', 'f8', 'f7', 'f6', 'f4', 'f3', 'f2'].map((n) => `${n}.jxmb`),
    );
    writeFileSync(path.join(dir, 'user', 'recent.json'), '{ broken');
    expect(recent.list()).toEqual([]);
    recent.add(files[0]!);
    expect(recent.list()).toHaveLength(1);
  });
});
