import { existsSync } from 'node:fs';
import path from 'node:path';
import { EditorSession } from '../../db/api/session.ts';
import { LOCAL_CLIENT } from '../../db/document.ts';
import type { SourceQuestion } from '../../db/service/asks.ts';
import { freshPath, withExtension } from '../../db/service/file-names.ts';
import type { ExportFile, HostPort, Render, TargetRequest } from '../../db/service/port.ts';
import { HostService } from '../../db/service/service.ts';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import type { HostInfo, OpenMode, RecentDocument } from '../../db/shared/api/host-contract.ts';
import { UserError } from '../../db/shared/errors.ts';
import { confinedPath, realFolder, realPathOf } from './confine.ts';
import { stateDir } from './server-state.ts';

/**
 * Browser mode's port to the host service (db/service): the one document this server has open,
 * paths typed by the clerk instead of dialogs, downloads instead of save dialogs. Every path a
 * page sends is confined to the folder the server was started in (see confine.ts). The open
 * document is locked like in the desktop program (db/file-lock.ts): a page asking for a document
 * another program holds gets code 'locked' and the holder, and may ask again 只读 or (for a
 * stale holder) 接管.
 */

/** An export on its way to the page. */
export interface DownloadFile extends ExportFile {
  readonly bytes: Uint8Array;
}

/** Whom a call is for: the page (its undo history), and for a download, where the bytes go. */
export interface BrowserCall {
  readonly client?: string;
  readonly download?: (file: DownloadFile) => void;
}

export class BrowserHost implements HostPort<BrowserCall> {
  private open_: EditorSession | undefined;
  private readonly recentFiles: RecentDocument[] = [];
  /** The real path of the folder the server works in. */
  readonly workDir: string;
  readonly info: HostInfo;
  readonly service = new HostService<BrowserCall>(this);

  constructor(workDir: string, version: string) {
    this.workDir = realFolder(workDir);
    this.info = { mode: 'browser', version, workDir: this.workDir };
  }

  get current(): EditorSession | undefined {
    return this.open_;
  }

  /** Runs a host operation for `client` (the page; its undo history is in the states returned). */
  call(name: string, payload: unknown, client?: string): Promise<unknown> {
    return this.service.call({ client }, name, payload);
  }

  /** The open document rendered for a download: `payload` as for exportDocument, unchecked. */
  async exportFile(payload: unknown): Promise<DownloadFile> {
    let delivered: DownloadFile | undefined;
    await this.service.call({ download: (f) => (delivered = f) }, 'exportDocument', payload);
    if (!delivered) throw new Error('export delivered nothing');
    return delivered;
  }

  /**
   * Opens the document given on the command line (relative to the working folder, but not
   * confined to it: the clerk typed it). Throws code 'locked' as openDocument does.
   */
  openFromCommandLine(file: string, mode: OpenMode = 'edit'): DocumentState {
    return this.openReal(realPathOf(this.workDir, file), mode);
  }

  close(): void {
    // What the clerk wrote since it opened feeds suggestions in other documents.
    if (this.open_?.doc.isOpen) this.service.suggestions.remember({});
    this.open_?.close();
    this.open_ = undefined;
  }

  /**
   * Opening the document this server already has open returns it as it is (it holds the lock
   * already), unless a read-only session is asked to become editable. The new one is opened (and
   * locked) before the current one is closed: a refusal leaves the page where it was.
   */
  private openReal(file: string, mode: OpenMode, client?: string): DocumentState {
    const current = this.open_;
    if (current && current.doc.filePath === file && (!current.readOnly || mode === 'readOnly')) {
      return current.state(client);
    }
    const next = EditorSession.open(file, { mode });
    current?.close();
    this.adopt({}, next);
    return next.state(client);
  }

  // The port.
  recent = () => this.recentFiles.filter((r) => existsSync(r.path));
  session = () => this.open_;
  client = (t: BrowserCall) => t.client ?? LOCAL_CLIENT;
  still = (_t: BrowserCall, session?: EditorSession) =>
    !session || (session === this.open_ && session.doc.isOpen);
  /** One document, whose lock already keeps it from being overwritten. */
  showing = () => false;

  /** A path from the page: inside the working folder, or the document already open. */
  pageSource(given: string): string {
    const real = realPathOf(this.workDir, given);
    // The document already open may lie outside the folder (given on the command line).
    return this.open_?.doc.filePath === real ? real : confinedPath(this.workDir, given);
  }
  pageTarget(given: string, ext: string): string {
    return confinedPath(this.workDir, withExtension(given, ext).file);
  }
  askSource(_t: BrowserCall, question: SourceQuestion): Promise<string> {
    return Promise.reject(new UserError(question.prompt));
  }
  /** No dialog: a new document gets a fresh name in the working folder. */
  askTarget(_t: BrowserCall, { prompt, stem, ext }: TargetRequest) {
    if (prompt) return Promise.reject(new UserError(prompt));
    const file = freshPath(stem, ext, (name) => confinedPath(this.workDir, name));
    return Promise.resolve({ file, confirmed: false });
  }
  open(t: BrowserCall, file: string, mode: OpenMode) {
    return Promise.resolve(this.openReal(file, mode, t.client));
  }
  /** `next` replaces the open document (already closed by 另存为, or by openReal). */
  adopt(_t: BrowserCall, next: EditorSession | undefined): void {
    this.open_ = next;
    if (!next) return;
    const file = next.doc.filePath;
    const at = this.recentFiles.findIndex((r) => r.path === file);
    if (at >= 0) this.recentFiles.splice(at, 1);
    this.recentFiles.unshift({ path: file, name: path.basename(file) });
    this.recentFiles.length = Math.min(this.recentFiles.length, 10);
  }
  /** Only the download route renders; the page's other export calls just check the request. */
  async download(t: BrowserCall, file: ExportFile, render: Render) {
    if (!t.download) return null;
    t.download({ ...file, bytes: await render() });
    return { name: file.name };
  }
  /** The page shows the PDF it downloads itself. */
  preview = () => Promise.resolve();
  /** Beside web-servers.json (JXMB_STATE_DIR in tests). */
  dataDir = () => stateDir();
}
