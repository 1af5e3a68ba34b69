import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import type { DocumentWindow, DocumentWindows } from '../../electron/documents.ts';
import type { LockHolder } from '../../db/shared/errors.ts';
import type { Desktop, DialogRequest, LockChoice } from '../../electron/host.ts';
import type { InvokeEventLike } from '../../electron/ipc.ts';
import { ROOT } from '../paths.ts';

/**
 * Stand-ins for the few Electron objects the main-process modules touch. Electron cannot run on
 * this machine (its binary cannot be downloaded, see ENVIRONMENT.md), so the modules take these
 * objects as parameters and the tests pass fakes that record what was done to them. Everything
 * behind them — sessions, documents, files, exports — is real.
 */

export const RENDERER_URL = pathToFileURL(path.join(ROOT, 'out', 'renderer', 'index.html')).href;

/** A window as the tests see it: a name, and whether it was focused. */
export interface FakeWindow {
  readonly name: string;
  focused: number;
}

let nextId = 1;

/** The IPC event of a call from `win`'s own page (main frame, our file URL). */
export function eventFrom(
  entry: DocumentWindow<FakeWindow>,
  frame: Partial<{ url: string; parent: unknown; processId: number; routingId: number }> = {},
): InvokeEventLike {
  const main = { url: RENDERER_URL, parent: null, processId: 7, routingId: entry.webContentsId };
  return {
    sender: { id: entry.webContentsId, mainFrame: main },
    senderFrame: { ...main, ...frame },
  };
}

export function addWindow(
  windows: DocumentWindows<FakeWindow>,
  name: string,
  session?: EditorSession,
): DocumentWindow<FakeWindow> {
  const id = nextId++;
  return windows.add(id, { name, focused: 0 }, session);
}

/** Creates a small real document. */
export function makeDocument(file: string, department = '区委组织部', year = 2025): string {
  TargetDocument.create(file, { department, year }, {}, (doc) => {
    const unit = doc.addUnit('区委组织部本级');
    doc.addProject(unit, { name: '党员教育培训' });
  });
  return file;
}

export interface DialogCall {
  readonly kind: 'save' | 'open';
  readonly owner: FakeWindow;
  readonly request: DialogRequest;
}

/** Dialogs answer from a queue (undefined: the clerk cancelled). */
export class FakeDesktop implements Desktop<FakeWindow> {
  readonly version = '9.9.9';
  readonly answers: (string | undefined)[] = [];
  readonly dialogs: DialogCall[] = [];
  readonly opened: EditorSession[] = [];
  readonly changed: DocumentWindow<FakeWindow>[] = [];
  readonly previews: { file: string; title: string; dispose: () => void }[] = [];
  /** What the clerk answers when a file is locked; each question is recorded. */
  readonly lockAnswers: LockChoice[] = [];
  readonly lockQuestions: { message: string; holder: LockHolder }[] = [];

  constructor(private readonly docsDir: string) {}

  documentsDir(): string {
    return this.docsDir;
  }

  private answer(kind: 'save' | 'open', owner: FakeWindow, request: DialogRequest) {
    this.dialogs.push({ kind, owner, request });
    return Promise.resolve(this.answers.shift());
  }

  showSaveDialog(owner: FakeWindow, request: DialogRequest) {
    return this.answer('save', owner, request);
  }

  showOpenDialog(owner: FakeWindow, request: DialogRequest) {
    return this.answer('open', owner, request);
  }

  openWindow(session: EditorSession): void {
    this.opened.push(session);
  }

  focus(window: FakeWindow): void {
    window.focused++;
  }

  documentChanged(win: DocumentWindow<FakeWindow>): void {
    this.changed.push(win);
  }

  askWhenLocked(_owner: FakeWindow | undefined, message: string, holder: LockHolder) {
    this.lockQuestions.push({ message, holder });
    return Promise.resolve(this.lockAnswers.shift());
  }

  showPdf(_owner: FakeWindow, file: string, title: string, dispose: () => void): void {
    this.previews.push({ file, title, dispose });
  }
}

/** A webContents/session stand-in: an EventEmitter that records the handlers set on it. */
export class FakeEmitter extends EventEmitter {
  readonly handlers: Record<string, unknown> = {};
}

/** Emits `name` with an event object and returns whether a listener called preventDefault. */
export function prevented(target: EventEmitter, name: string, ...args: unknown[]): boolean {
  let was = false;
  const event = { preventDefault: () => (was = true) };
  target.emit(name, event, ...args);
  return was;
}
