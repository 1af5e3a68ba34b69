import type { EditorSession } from '../api/session.ts';
import type { DocumentState } from '../shared/api/contract.ts';
import type { MoneyUnit } from '../shared/money.ts';
import type {
  ExportFormat,
  HostInfo,
  OpenMode,
  RecentDocument,
} from '../shared/api/host-contract.ts';
import type { FileQuestion, SourceQuestion } from './asks.ts';

/**
 * What differs between the hosts, and nothing else: the service (service.ts) does every flow —
 * new, open, 另存为, 由上年文件新建, export, preview — once, and asks its host, through this port,
 * only what a host alone can answer. Electron answers with native dialogs and windows, browser
 * mode with paths typed by the clerk inside its working folder and with downloads. (The split
 * follows Actual Budget's loot-core server / platform modules.)
 *
 * `T` is whom a call is for: an Electron window, a browser-mode request.
 */
export interface HostPort<T> {
  readonly info: HostInfo;
  recent(): RecentDocument[];

  /** The document `t` has open (none: the start page). */
  session(t: T): EditorSession | undefined;
  /** Whose undo history `t` acts in. */
  client(t: T): string;
  /**
   * After an await (a dialog, a long read): `t` is still there, and still has `session` open
   * when one is given. Otherwise the flow stops and answers null.
   */
  still(t: T, session?: EditorSession): boolean;
  /** `file` is open in one of this host's windows: never overwritten. */
  showing(file: string): boolean;

  /** A file the page named to read from, where this host lets it; throws otherwise. */
  pageSource(given: string, question: SourceQuestion): string;
  /**
   * A file the page named to write to (with `ext` added), where this host writes where the page
   * says; undefined where it takes the page's path only as the name to propose.
   */
  pageTarget(given: string, ext: string): string | undefined;
  /** The clerk picks a file to read; undefined: cancelled. */
  askSource(t: T, question: SourceQuestion): Promise<string | undefined>;
  /** The clerk picks where to write; undefined: cancelled. */
  askTarget(t: T, request: TargetRequest): Promise<SaveTarget | undefined>;
  /**
   * Hosts that can ask (Electron: a message box): the money unit of a table that states none
   * (`message`: the reader's refusal); undefined: cancelled. Hosts without it pass the refusal
   * to the page, whose form asks and sends the unit again.
   */
  askUnit?(t: T, message: string): Promise<MoneyUnit | undefined>;

  /** Shows `file` to the clerk (in `t`, or where the host puts it): the state for `t`, or null. */
  open(t: T, file: string, mode: OpenMode): Promise<DocumentState | null>;
  /** `t` now has `next` (另存为's copy; undefined: nothing, the original could not be reopened). */
  adopt(t: T, next: EditorSession | undefined): void;

  /**
   * Hosts that hand exports to the page (browser mode's downloads): renders and delivers. Hosts
   * without it are asked where to write (askTarget) and the service writes the file.
   */
  download?(t: T, file: ExportFile, render: Render): Promise<{ name: string } | null>;
  /** 打印预览 of a PDF the host may render (a host whose page renders for itself need not). */
  preview(t: T, name: string, render: Render): Promise<void>;
  /** How far a long export is (0…1; undefined: done), for the host to show. */
  progress?(t: T, fraction: number | undefined): void;
  /**
   * The per-user folder where the host keeps its own small files (the indicator memory of
   * db/service/indicator-memory.ts); hosts without one keep nothing.
   */
  dataDir?(): string | undefined;
}

/** Where to write: the file, and whether the clerk confirmed replacing it if it exists. */
export interface SaveTarget {
  readonly file: string;
  readonly confirmed: boolean;
}

export interface TargetRequest extends FileQuestion {
  /** The proposed file name (safe for every file system), without its extension. */
  readonly stem: string;
  readonly ext: string;
  /** A file beside which to propose it; none: the host's usual folder. */
  readonly near?: string;
}

export interface ExportFile {
  readonly name: string;
  readonly format: ExportFormat;
  readonly mime: string;
}

/** Renders the export when the host is ready for it (Electron: after the save dialog). */
export type Render = () => Promise<Uint8Array>;
