import type { EditorSession } from '../db/api/session.ts';
import { samePath } from '../db/service/file-names.ts';

/**
 * Which window has which document: one window per open document, each window with at most one
 * EditorSession (none: the start page). Keyed by the window's webContents id, which is what an
 * IPC event names. Generic over the window type so it is tested under Node without Electron.
 */

export interface DocumentWindow<W> {
  readonly window: W;
  readonly webContentsId: number;
  /** The open document, or undefined while the window shows the start page. */
  session: EditorSession | undefined;
}

/** The window as a client of its document: its undo history is its own. */
export function clientOf(win: { readonly webContentsId: number }): string {
  return `window-${win.webContentsId}`;
}

export class DocumentWindows<W> {
  private readonly entries = new Map<number, DocumentWindow<W>>();

  add(webContentsId: number, window: W, session?: EditorSession): DocumentWindow<W> {
    if (this.entries.has(webContentsId)) throw new Error(`window ${webContentsId} added twice`);
    const entry: DocumentWindow<W> = { window, webContentsId, session };
    this.entries.set(webContentsId, entry);
    return entry;
  }

  get(webContentsId: number): DocumentWindow<W> | undefined {
    return this.entries.get(webContentsId);
  }

  /** The window that has `file` open, if any. */
  findByPath(file: string): DocumentWindow<W> | undefined {
    for (const entry of this.entries.values()) {
      if (entry.session && samePath(entry.session.doc.filePath, file)) return entry;
    }
    return undefined;
  }

  /** Puts a document into a window that has none (the start page). */
  attach(entry: DocumentWindow<W>, session: EditorSession): void {
    if (entry.session) throw new Error('window already has a document');
    entry.session = session;
  }

  /** The window is closing: its document is closed with it. */
  remove(webContentsId: number): void {
    const entry = this.entries.get(webContentsId);
    if (!entry) return;
    this.entries.delete(webContentsId);
    entry.session?.close();
    entry.session = undefined;
  }

  all(): DocumentWindow<W>[] {
    return [...this.entries.values()];
  }

  /** Closes every document (the app is quitting). */
  closeAll(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
  }
}
