import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DocumentState } from '../db/shared/api/contract.ts';
import type {
  ExportFormat,
  HostInfo,
  NamedItem,
  OpenMode,
} from '../db/shared/api/host-contract.ts';
import { EditorSession } from '../db/api/session.ts';
import { TargetDocument } from '../db/document.ts';
import { FILE_EXTENSION } from '../db/document-file.ts';
import { isUserError, UserError, type LockHolder } from '../db/shared/errors.ts';
import { describeHolder, lockHolder } from '../db/file-lock.ts';
import { writeDraft } from '../db/import/index.ts';
import { loadSource, nextYearDraft } from '../db/rollover/index.ts';
import { builtInTree, builtInTrees } from '../db/built-in-trees.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../templates/export/index.ts';
import { writeFileAtomic } from '../templates/export/write-file.ts';
import { LAYOUTS, layoutById, type Layout } from '../templates/layout/index.ts';
import { clientOf, samePath, type DocumentWindow, type DocumentWindows } from './documents.ts';
import type { HostHandlers } from './ipc.ts';
import type { RecentDocuments } from './recent.ts';

/**
 * The host operations of the desktop app: files through native dialogs, one window per open
 * document, export and print preview. Electron itself is reached only through `Desktop`
 * (dialogs, windows), which main.ts implements; so all of this runs under Node in the tests,
 * with stand-in dialogs, on real documents.
 */

export interface FileFilter {
  readonly name: string;
  readonly extensions: string[];
}

export interface DialogRequest {
  readonly title: string;
  readonly defaultPath: string;
  readonly filters: FileFilter[];
}

export interface Desktop<W> {
  readonly version: string;
  /** Where new documents are proposed (the user's 文档 folder). */
  documentsDir(): string;
  /** A native save dialog (it asks before replacing a file); undefined when cancelled. */
  showSaveDialog(owner: W, request: DialogRequest): Promise<string | undefined>;
  showOpenDialog(owner: W, request: DialogRequest): Promise<string | undefined>;
  /** A new window showing this document. */
  openWindow(session: EditorSession): void;
  focus(window: W): void;
  /** The window's document changed: its title, the menu. */
  documentChanged(win: DocumentWindow<W>): void;
  /** Shows a PDF for printing; `dispose` is called when the preview is closed. */
  showPdf(owner: W, file: string, title: string, dispose: () => void): void;
  /**
   * Another program has the file open (`message` says who, since when): the clerk chooses to
   * open it read-only, to open it read-only and save a copy to edit, or — only when the holder is
   * stale — to take it over. undefined: cancelled.
   */
  askWhenLocked(owner: W | undefined, message: string, holder: LockHolder): Promise<LockChoice>;
}

/** What a clerk does about a file another program holds. */
export type LockChoice = 'readOnly' | 'copy' | 'takeOver' | undefined;

export const DOCUMENT_FILTER: FileFilter = {
  name: '绩效目标表',
  extensions: [FILE_EXTENSION.slice(1)],
};

/** What 由上年文件新建 can start from: last year's document, or its published table. */
const PREVIOUS_FILTERS: FileFilter[] = [
  { name: '上年的绩效目标表或公开表格', extensions: [FILE_EXTENSION.slice(1), 'pdf', 'txt'] },
  DOCUMENT_FILTER,
  { name: '公开表格（PDF 或文字）', extensions: ['pdf', 'txt'] },
];

const EXPORT_FILTERS: Record<ExportFormat, FileFilter> = {
  pdf: { name: 'PDF 文件', extensions: ['pdf'] },
  docx: { name: 'Word 文档', extensions: ['docx'] },
};

/** What opening a file did. */
export type OpenOutcome = 'focused' | 'attached' | 'new-window';

/** Characters Windows refuses in file names. */
export function safeFileName(name: string): string {
  return (
    name
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      .trim()
      .slice(0, 120) || '未命名'
  );
}

/**
 * The dialog's answer with the extension it must have. `confirmed`: the dialog's own overwrite
 * question covered this very name (it does not when the extension had to be added).
 */
export function withExtension(file: string, ext: string): { file: string; confirmed: boolean } {
  if (file.toLowerCase().endsWith(ext)) return { file, confirmed: true };
  return { file: `${file}${ext}`, confirmed: false };
}

/** The documents named on a command line (the OS passes the file a clerk double-clicked). */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && a.toLowerCase().endsWith(FILE_EXTENSION))
    .map((a) => path.resolve(cwd, a));
}

export class ElectronHost<W> {
  constructor(
    private readonly windows: DocumentWindows<W>,
    private readonly recent: RecentDocuments,
    private readonly desktop: Desktop<W>,
  ) {}

  /**
   * Opens `file`: focuses the window that already has it; else shows it in `into` when that
   * window has no document (the start page), else in a new window.
   */
  openPath(file: string, into?: DocumentWindow<W>, mode: OpenMode = 'edit'): OpenOutcome {
    const resolved = path.resolve(file);
    const existing = this.windows.findByPath(resolved);
    if (existing) {
      this.desktop.focus(existing.window);
      this.recent.add(existing.session!.doc.filePath);
      return 'focused';
    }
    const session = EditorSession.open(resolved, { mode });
    this.recent.add(resolved);
    if (into && !into.session && this.isOpen(into)) {
      this.windows.attach(into, session);
      this.desktop.documentChanged(into);
      return 'attached';
    }
    this.desktop.openWindow(session);
    return 'new-window';
  }

  /**
   * Opens `file` like openPath; when another program has it open, asks the clerk (read-only,
   * a copy, or taking over a stale lock) and opens it that way. undefined: cancelled.
   */
  async openAsking(file: string, into?: DocumentWindow<W>): Promise<OpenOutcome | undefined> {
    try {
      return this.openPath(file, into);
    } catch (e) {
      if (!isUserError(e) || e.code !== 'locked' || !e.lock) throw e;
      const choice = await this.desktop.askWhenLocked(into?.window, e.message, e.lock);
      if (choice === undefined) return undefined;
      if (choice === 'takeOver' && !e.lock.stale) return undefined;
      const outcome = this.openPath(file, into, choice === 'takeOver' ? 'takeOver' : 'readOnly');
      if (choice === 'copy') {
        const win = outcome === 'attached' ? into : this.windows.findByPath(path.resolve(file));
        if (win) await this.handlers.saveAs(win, {});
      }
      return outcome;
    }
  }

  /** The state a page gets back: its own document when it changed, else null. */
  private answer(outcome: OpenOutcome | undefined, win: DocumentWindow<W>, file: string) {
    if (outcome === 'attached') return win.session!.state(clientOf(win));
    if (outcome === 'focused' && win.session && samePath(win.session.doc.filePath, file)) {
      return win.session.state(clientOf(win));
    }
    return null;
  }

  private isOpen(win: DocumentWindow<W>): boolean {
    return this.windows.get(win.webContentsId) === win;
  }

  private sessionOf(win: DocumentWindow<W>): EditorSession {
    if (!win.session) throw new UserError('没有打开的文档：请先新建或打开一个文档');
    return win.session;
  }

  /** After an await (a dialog): the same document still open in the same window, or null. */
  private still(win: DocumentWindow<W>, session: EditorSession): boolean {
    return this.isOpen(win) && win.session === session && session.doc.isOpen;
  }

  private reopen(win: DocumentWindow<W>, file: string): void {
    try {
      win.session = EditorSession.open(file);
    } catch (e) {
      win.session = undefined;
      console.error(`无法重新打开 ${file}`, e);
    }
    this.desktop.documentChanged(win);
  }

  private refuseIfOpenElsewhere(file: string): void {
    if (this.windows.findByPath(file)) {
      throw new UserError(
        `“${path.basename(file)}”正在另一个窗口中编辑，不能覆盖；请换一个文件名，或先关闭那个窗口`,
      );
    }
    const holder = lockHolder(file);
    if (holder && !holder.stale) {
      throw new UserError(`不能覆盖：${describeHolder(file, holder)}；请换一个文件名`, {
        code: 'locked',
        lock: holder,
      });
    }
  }

  private stem(session: EditorSession): string {
    return path.basename(session.doc.filePath, FILE_EXTENSION);
  }

  private exportStem(session: EditorSession, layout: Layout): string {
    return `${this.stem(session)}${layout.id === 'official' ? '' : `-${layout.name}`}`;
  }

  readonly handlers: HostHandlers<W> = {
    hostInfo: () => ({ mode: 'electron', version: this.desktop.version }) satisfies HostInfo,

    listTrees: () => builtInTrees().map((t) => ({ id: t.id, name: t.name })) satisfies NamedItem[],

    listLayouts: () => LAYOUTS.map((l) => ({ id: l.id, name: l.name })) satisfies NamedItem[],

    currentDocument: (win) => win.session?.state(clientOf(win)) ?? null,

    recentDocuments: () => this.recent.list(),

    newDocument: async (win, { department, year, tree, path: suggested }) => {
      if (!builtInTree(tree)) throw new UserError(`没有名为“${tree}”的指标体系`);
      const name = safeFileName(
        suggested
          ? path.basename(suggested, FILE_EXTENSION)
          : `${department.trim() || '未命名部门'}${year}年绩效目标表`,
      );
      const chosen = await this.desktop.showSaveDialog(win.window, {
        title: '新建绩效目标表',
        defaultPath: path.join(this.desktop.documentsDir(), `${name}${FILE_EXTENSION}`),
        filters: [DOCUMENT_FILTER],
      });
      if (!chosen || !this.isOpen(win)) return null;
      const { file, confirmed } = withExtension(path.resolve(chosen), FILE_EXTENSION);
      this.refuseIfOpenElsewhere(file);
      TargetDocument.create(file, { department, year, tree }, { overwrite: confirmed });
      return this.answer(this.openPath(file, win), win, file);
    },

    newFromPrevious: async (win, { source, year, keepAmounts, path: suggested }) => {
      let from = source;
      if (from !== undefined) {
        if (!this.recent.has(from)) {
          throw new UserError('只能直接使用“最近打开”中的文件；请在对话框中选择上年的文件');
        }
      } else {
        from = await this.desktop.showOpenDialog(win.window, {
          title: '选择上年的绩效目标表或公开表格',
          defaultPath: this.desktop.documentsDir(),
          filters: PREVIOUS_FILTERS,
        });
        if (!from || !this.isOpen(win)) return null;
      }
      const loaded = await loadSource(path.resolve(from));
      const draft = nextYearDraft(loaded.draft, {
        ...(year === undefined ? {} : { year }),
        keepAmounts,
      });
      const name = safeFileName(
        suggested
          ? path.basename(suggested, FILE_EXTENSION)
          : `${draft.department.trim() || '未命名部门'}${draft.year}年绩效目标表`,
      );
      const chosen = await this.desktop.showSaveDialog(win.window, {
        title: '新建绩效目标表（由上年文件）',
        defaultPath: path.join(path.dirname(path.resolve(from)), `${name}${FILE_EXTENSION}`),
        filters: [DOCUMENT_FILTER],
      });
      if (!chosen || !this.isOpen(win)) return null;
      const { file, confirmed } = withExtension(path.resolve(chosen), FILE_EXTENSION);
      if (samePath(file, from)) throw new UserError('不能覆盖上年的文件；请换一个文件名');
      this.refuseIfOpenElsewhere(file);
      writeDraft(draft, file, { overwrite: confirmed });
      return this.answer(this.openPath(file, win), win, file);
    },

    openDocument: async (win, { path: given }) => {
      let file = given;
      if (file !== undefined) {
        // The page names a file only from the 最近打开 list; any other file is chosen by the
        // clerk in the dialog, so a page cannot open files on its own.
        if (!this.recent.has(file)) {
          throw new UserError('只能直接打开“最近打开”中的文件；请用“打开”选择文件');
        }
      } else {
        file = await this.desktop.showOpenDialog(win.window, {
          title: '打开绩效目标表',
          defaultPath: this.desktop.documentsDir(),
          filters: [DOCUMENT_FILTER],
        });
        if (!file || !this.isOpen(win)) return null;
      }
      return this.answer(await this.openAsking(file, win), win, path.resolve(file));
    },

    saveAs: async (win, { path: suggested }): Promise<DocumentState | null> => {
      const session = this.sessionOf(win);
      const current = session.doc.filePath;
      const name = safeFileName(
        suggested ? path.basename(suggested, FILE_EXTENSION) : `${this.stem(session)}（副本）`,
      );
      const chosen = await this.desktop.showSaveDialog(win.window, {
        title: '另存为',
        defaultPath: path.join(path.dirname(current), `${name}${FILE_EXTENSION}`),
        filters: [DOCUMENT_FILTER],
      });
      if (!chosen || !this.still(win, session)) return null;
      const { file, confirmed } = withExtension(path.resolve(chosen), FILE_EXTENSION);
      // Every edit is already on disk: saving under the same name has nothing to do.
      if (samePath(file, current) && !session.readOnly) return session.state(clientOf(win));
      this.refuseIfOpenElsewhere(file);
      let next: EditorSession;
      try {
        next = session.saveAs(file, { overwrite: confirmed });
      } catch (e) {
        // The copy failed after the original was closed: go on in the original.
        if (!session.doc.isOpen) this.reopen(win, current);
        throw e;
      }
      win.session = next;
      this.recent.add(file);
      this.desktop.documentChanged(win);
      return next.state(clientOf(win));
    },

    exportDocument: async (win, { format, layout: layoutId }) => {
      const session = this.sessionOf(win);
      const layout = layoutById(layoutId);
      const chosen = await this.desktop.showSaveDialog(win.window, {
        title: format === 'pdf' ? '导出 PDF' : '导出 Word',
        defaultPath: path.join(
          path.dirname(session.doc.filePath),
          `${this.exportStem(session, layout)}.${format}`,
        ),
        filters: [EXPORT_FILTERS[format]],
      });
      if (!chosen || !this.still(win, session)) return null;
      const { file, confirmed } = withExtension(path.resolve(chosen), `.${format}`);
      if (!confirmed && existsSync(file)) {
        throw new UserError(`“${path.basename(file)}”已存在，未覆盖；请换一个文件名`);
      }
      const model = buildPrintModel(session.doc.snapshot(), layout);
      const bytes = format === 'pdf' ? (await renderPdf(model)).bytes : await renderDocx(model);
      writeFileAtomic(file, bytes);
      return { name: path.basename(file) };
    },

    printPreview: async (win, { layout: layoutId }) => {
      const session = this.sessionOf(win);
      const layout = layoutById(layoutId);
      const { bytes } = await renderPdf(buildPrintModel(session.doc.snapshot(), layout));
      const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-preview-'));
      const name = safeFileName(this.exportStem(session, layout));
      const file = path.join(dir, `${name}.pdf`);
      writeFileSync(file, bytes);
      this.desktop.showPdf(win.window, file, `打印预览 - ${name}`, () =>
        rmSync(dir, { recursive: true, force: true }),
      );
      return undefined;
    },
  };
}
