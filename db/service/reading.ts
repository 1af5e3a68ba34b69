import path from 'node:path';
import type { ImportedTable, ImportProgress } from '../shared/api/host-contract.ts';
import { samePath } from './file-names.ts';

/**
 * The tables being read for each page (打开 of a table, 由上年文件新建): a large workbook or PDF
 * takes seconds in the parse worker, and the page shows what is read and for how long
 * (importProgress), and may stop waiting (cancelImport). Keyed by the page's client id, which
 * both hosts give every call of one page (Electron: its window; browser mode: its header), so
 * the page's question reaches the reading its other call started.
 */

/**
 * How long what a reading noted waits for the window that shows its document: that window
 * loads its page within seconds; a document opened much later (from 最近打开) is another visit.
 */
const ARRIVAL_WAIT_MS = 120_000;

interface Reading {
  readonly name: string;
  readonly started: number;
  readonly cancel: () => void;
}

export class Readings {
  private readonly current = new Map<string, Reading>();
  private readonly arrivals: { file: string; table: ImportedTable; at: number }[] = [];

  /**
   * Runs `read` for `client`, as the reading of `file`: its result, or null when the page
   * cancelled meanwhile. Cancelling aborts `read`'s signal, which stops the parse worker
   * (db/import/isolated.ts); whatever it answers after that is dropped.
   */
  async run<R>(
    client: string,
    file: string,
    read: (signal: AbortSignal) => Promise<R>,
  ): Promise<R | null> {
    const controller = new AbortController();
    let cancel: () => void = () => undefined;
    const cancelled = new Promise<null>(
      (resolve) =>
        (cancel = () => {
          resolve(null);
          controller.abort();
        }),
    );
    const reading: Reading = { name: path.basename(file), started: performance.now(), cancel };
    this.current.set(client, reading);
    const result = read(controller.signal);
    // A reading given up must not end as an unhandled rejection when it fails later.
    result.catch(() => undefined);
    try {
      return await Promise.race([result, cancelled]);
    } finally {
      if (this.current.get(client) === reading) this.current.delete(client);
    }
  }

  progress(client: string): ImportProgress | null {
    const reading = this.current.get(client);
    if (!reading) return null;
    return {
      name: reading.name,
      seconds: Math.floor((performance.now() - reading.started) / 1000),
    };
  }

  /**
   * The document made from `table` went to a window other than the page that asked (Electron
   * opens it in a new one when the asking window has a document): that window's page gets the
   * notes when it first asks for its document (take).
   */
  leave(file: string, table: ImportedTable): void {
    this.arrivals.push({ file, table, at: performance.now() });
  }

  /** What was left for the document `file`, once. */
  take(file: string): ImportedTable | undefined {
    const now = performance.now();
    for (let i = this.arrivals.length - 1; i >= 0; i--) {
      if (now - this.arrivals[i]!.at > ARRIVAL_WAIT_MS) this.arrivals.splice(i, 1);
    }
    const at = this.arrivals.findIndex((a) => samePath(a.file, file));
    return at < 0 ? undefined : this.arrivals.splice(at, 1)[0]!.table;
  }

  /** Stops waiting for `client`'s reading; false when there was none. */
  cancel(client: string): boolean {
    const reading = this.current.get(client);
    if (!reading) return false;
    this.current.delete(client);
    reading.cancel();
    return true;
  }
}
