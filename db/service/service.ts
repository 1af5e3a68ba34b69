import { LAYOUTS } from '../../templates/layout/index.ts';
import { builtInTrees } from '../built-in-trees.ts';
import type { HostOperation, NamedItem, OpenedState } from '../shared/api/host-contract.ts';
import { UserError } from '../shared/errors.ts';
import { newDocument, newFromPrevious, openDocument, saveAs } from './documents.ts';
import {
  exportDocument,
  printPreview,
  renderExport,
  warmUpExports,
  type Renderer,
} from './export.ts';
import { isHostOperation, parseHostPayload, type HostPayload } from './payload.ts';
import { Readings } from './reading.ts';
import { previousYearTable } from './previous-indicators.ts';
import type { EditorSession } from '../api/session.ts';
import type { HostPort } from './port.ts';
import { HostSuggestions } from './suggestions.ts';

/**
 * All that a host does with documents, once: both hosts (Electron's main process, browser
 * mode's server) pass the page's host calls to `call`, which checks the payload and runs the
 * operation, reaching the host only through its port.
 */

export type HostHandlers<T> = {
  [Op in HostOperation]: (t: T, payload: HostPayload<Op>) => unknown;
};

export interface ServiceOptions {
  /** Renders exports; by default renderExport. */
  readonly render?: Renderer;
}

export class HostService<T> {
  private readonly render: Renderer;

  constructor(
    private readonly port: HostPort<T>,
    options: ServiceOptions = {},
  ) {
    this.render = options.render ?? renderExport;
  }

  /** The operations, each for `t`, with payloads already checked (call checks them). */
  readonly handlers: HostHandlers<T> = {
    hostInfo: () => this.port.info,
    listTrees: () => builtInTrees().map((t) => ({ id: t.id, name: t.name })) satisfies NamedItem[],
    listLayouts: () => LAYOUTS.map((l) => ({ id: l.id, name: l.name })) satisfies NamedItem[],
    currentDocument: (t): OpenedState | null => {
      const state = this.port.session(t)?.state(this.port.client(t)) ?? null;
      if (!state) return null;
      // A document opened from the command line, the recent list or a double-click reaches the
      // page here: the export worker gets ready meanwhile (nothing happens when it is warm).
      warmUpExports(state.data);
      const imported = this.reads.take(state.filePath);
      return imported ? { ...state, imported } : state;
    },
    recentDocuments: () => this.port.recent(),
    newDocument: (t, p) => newDocument(this.port, t, p),
    newFromPrevious: (t, p) => newFromPrevious(this.port, t, p, this.reads),
    openDocument: (t, p) => openDocument(this.port, t, p, this.reads),
    importProgress: (t) => this.reads.progress(this.port.client(t)),
    cancelImport: (t) => this.reads.cancel(this.port.client(t)),
    saveAs: (t, p) => saveAs(this.port, t, p),
    exportDocument: (t, p) => exportDocument(this.port, this.render, t, p, this.tap),
    printPreview: (t, p) => printPreview(this.port, this.render, t, p, this.tap),
    exportProgress: (t) => {
      const session = this.port.session(t);
      const fraction = session && this.progress.get(session);
      return fraction === undefined ? null : { fraction };
    },
    // ---- suggestions ----
    suggestIndicators: (t, p) => this.suggestions.suggest(t, p),
    rememberIndicators: (t) => this.suggestions.remember(t),
    addCommonIndicator: (t, p) => this.suggestions.addOwn(t, p),
    clearIndicatorMemory: () => this.suggestions.clear(),
    previousYearTable: (t, p) => previousYearTable(this.port, t, p, this.reads),
  };

  /** Suggestions for 三级指标 names, and the memory of the documents opened that feeds them. */
  get suggestions(): HostSuggestions<T> {
    return (this.suggestions_ ??= new HostSuggestions(this.port));
  }
  private suggestions_: HostSuggestions<T> | undefined;

  /** The tables being read for each page (打开 of a table, 由上年文件新建), for it to show. */
  private readonly reads = new Readings();

  /**
   * How far the export of each open document is, for the page to show (exportProgress, which
   * it asks while its export call is on its way): keyed by the session, which both hosts' calls
   * for one document share.
   */
  private readonly progress = new WeakMap<EditorSession, number>();

  private readonly tap = (t: T, fraction: number | undefined): void => {
    const session = this.port.session(t);
    if (!session) return;
    if (fraction === undefined) this.progress.delete(session);
    else this.progress.set(session, fraction);
  };

  /** Runs the host operation `name` for `t`; name and payload come from the page, unchecked. */
  async call(t: T, name: string, payload: unknown): Promise<unknown> {
    if (!isHostOperation(name)) throw new UserError(`未知的操作“${name.slice(0, 40)}”`);
    const handler = this.handlers[name] as (t: T, p: unknown) => unknown;
    const parsed = parseHostPayload(name, payload);
    return await this.suggestions.around(t, name, async () => handler(t, parsed));
  }
}
