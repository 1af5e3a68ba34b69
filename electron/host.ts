import path from 'node:path';
import { EditorSession } from '../db/api/session.ts';
import { FILE_EXTENSION } from '../db/document-file.ts';
import type { FileFilter, SourceQuestion } from '../db/service/asks.ts';
import { writePreview } from '../db/service/export.ts';
import { samePath, withExtension } from '../db/service/file-names.ts';
import type { HostPort, Render, TargetRequest } from '../db/service/port.ts';
import { HostService } from '../db/service/service.ts';
import type { HostInfo, OpenMode } from '../db/shared/api/host-contract.ts';
import { isUserError, UserError, type LockHolder } from '../db/shared/errors.ts';
import type { MoneyUnit } from '../db/shared/money.ts';
import { clientOf, type DocumentWindow, type DocumentWindows } from './documents.ts';
import type { RecentDocuments } from './recent.ts';

/**
 * The desktop app's port to the host service (db/service): native dialogs, one window per open
 * document, 最近打开, the preview window. Electron itself is reached only through `Desktop`,
 * which main.ts implements; so all of this runs under Node in the tests, with stand-in dialogs,
 * on real documents.
 */

export interface DialogRequest {
  readonly title: string;
  readonly defaultPath: string;
  readonly filters: FileFilter[];
}

export interface Desktop<W> {
  readonly version: string;
  /** Where new documents are proposed (the user's 文档 folder). */
  documentsDir(): string;
  /** The app's user-data folder (recent.json, the indicator memory). */
  userDataDir?(): string;
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
  /** A long export's progress (0…1), undefined when it is over. */
  progress?(owner: W, fraction: number | undefined): void;
  /**
   * Another program has the file open (`message` says who, since when): the clerk chooses to
   * open it read-only, to open it read-only and save a copy to edit, or — only when the holder is
   * stale — to take it over. undefined: cancelled.
   */
  askWhenLocked(owner: W | undefined, message: string, holder: LockHolder): Promise<LockChoice>;
  /**
   * A table opened with 打开 states no money unit (`message`: the reader's refusal): the clerk
   * says which it is in; undefined: cancelled.
   */
  askUnit?(owner: W, message: string): Promise<MoneyUnit | undefined>;
}

/** What a clerk does about a file another program holds. */
export type LockChoice = 'readOnly' | 'copy' | 'takeOver' | undefined;

/** What opening a file did. */
export type OpenOutcome = 'focused' | 'attached' | 'new-window';

/** The documents named on a command line (the OS passes the file a clerk double-clicked). */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && a.toLowerCase().endsWith(FILE_EXTENSION))
    .map((a) => path.resolve(cwd, a));
}

type Win<W> = DocumentWindow<W>;

export class ElectronHost<W> implements HostPort<Win<W>> {
  readonly service = new HostService<Win<W>>(this);
  readonly info: HostInfo;

  constructor(
    private readonly windows: DocumentWindows<W>,
    private readonly recentFiles: RecentDocuments,
    private readonly desktop: Desktop<W>,
  ) {
    this.info = { mode: 'electron', version: desktop.version };
  }

  /**
   * Opens `file`: focuses the window that already has it; else shows it in `into` when that
   * window has no document (the start page), else in a new window.
   */
  openPath(file: string, into?: Win<W>, mode: OpenMode = 'edit'): OpenOutcome {
    const resolved = path.resolve(file);
    const existing = this.windows.findByPath(resolved);
    if (existing) {
      this.desktop.focus(existing.window);
      this.recentFiles.add(existing.session!.doc.filePath);
      return 'focused';
    }
    const session = EditorSession.open(resolved, { mode });
    this.recentFiles.add(resolved);
    if (into && !into.session && this.still(into)) {
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
  async openAsking(file: string, into?: Win<W>): Promise<OpenOutcome | undefined> {
    try {
      return this.openPath(file, into);
    } catch (e) {
      if (!isUserError(e) || e.code !== 'locked' || !e.lock) throw e;
      const choice = await this.desktop.askWhenLocked(into?.window, e.message, e.lock);
      if (choice === undefined || (choice === 'takeOver' && !e.lock.stale)) return undefined;
      const outcome = this.openPath(file, into, choice === 'takeOver' ? 'takeOver' : 'readOnly');
      if (choice === 'copy') {
        const win = outcome === 'attached' ? into : this.windows.findByPath(path.resolve(file));
        if (win) await this.service.handlers.saveAs(win, {});
      }
      return outcome;
    }
  }

  // The port. The page's `mode` is not used: here the clerk answers a lock in a native dialog.
  async open(win: Win<W>, file: string) {
    const outcome = await this.openAsking(file, win);
    // The page gets its own document back when that changed, else null.
    if (
      outcome === 'attached' ||
      (outcome === 'focused' && samePath(win.session?.doc.filePath ?? '', file))
    ) {
      return win.session!.state(clientOf(win));
    }
    return null;
  }

  recent = () => this.recentFiles.list();
  session = (win: Win<W>) => win.session;
  client = clientOf;
  still(win: Win<W>, session?: EditorSession): boolean {
    if (this.windows.get(win.webContentsId) !== win) return false;
    return !session || (win.session === session && session.doc.isOpen);
  }
  showing = (file: string) => this.windows.findByPath(file) !== undefined;

  /** The page names a file only from 最近打开: any other is chosen by the clerk in a dialog. */
  pageSource(given: string, question: SourceQuestion): string {
    if (!this.recentFiles.has(given)) throw new UserError(question.notRecent);
    return given;
  }
  /** The page's path is only a name to propose: the clerk decides in the save dialog. */
  pageTarget = () => undefined;
  askSource(win: Win<W>, { title, filters }: SourceQuestion) {
    const defaultPath = this.desktop.documentsDir();
    return this.desktop.showOpenDialog(win.window, { title, defaultPath, filters });
  }
  askUnit(win: Win<W>, message: string): Promise<MoneyUnit | undefined> {
    return this.desktop.askUnit?.(win.window, message) ?? Promise.resolve(undefined);
  }
  async askTarget(win: Win<W>, { title, filters, stem, near, ext }: TargetRequest) {
    const dir = near === undefined ? this.desktop.documentsDir() : path.dirname(near);
    const request = { title, filters, defaultPath: path.join(dir, `${stem}${ext}`) };
    const chosen = await this.desktop.showSaveDialog(win.window, request);
    return chosen ? withExtension(path.resolve(chosen), ext) : undefined;
  }
  adopt(win: Win<W>, next: EditorSession | undefined): void {
    win.session = next;
    if (next) this.recentFiles.add(next.doc.filePath);
    this.desktop.documentChanged(win);
  }
  async preview(win: Win<W>, name: string, render: Render): Promise<void> {
    const { file, dispose } = writePreview(await render(), name);
    this.desktop.showPdf(win.window, file, `打印预览 - ${name}`, dispose);
  }
  progress(win: Win<W>, fraction: number | undefined): void {
    this.desktop.progress?.(win.window, fraction);
  }
  dataDir(): string | undefined {
    return this.desktop.userDataDir?.();
  }
}
