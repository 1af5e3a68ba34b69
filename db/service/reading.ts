import path from 'node:path';
import type { ImportProgress } from '../shared/api/host-contract.ts';

/**
 * The tables being read for each page (打开 of a table, 由上年文件新建): a large workbook or PDF
 * takes seconds in the parse worker, and the page shows what is read and for how long
 * (importProgress), and may stop waiting (cancelImport). Keyed by the page's client id, which
 * both hosts give every call of one page (Electron: its window; browser mode: its header), so
 * the page's question reaches the reading its other call started.
 */

interface Reading {
  readonly name: string;
  readonly started: number;
  readonly cancel: () => void;
}

export class Readings {
  private readonly current = new Map<string, Reading>();

  /**
   * Runs `read` for `client`, as the reading of `file`: its result, or null when the page
   * cancelled meanwhile. A cancelled reading is not stopped (the parse worker ends by itself, by
   * its time limit at the latest); what it answers later is dropped.
   */
  async run<R>(client: string, file: string, read: () => Promise<R>): Promise<R | null> {
    let cancel: () => void = () => undefined;
    const cancelled = new Promise<null>((resolve) => (cancel = () => resolve(null)));
    const reading: Reading = { name: path.basename(file), started: performance.now(), cancel };
    this.current.set(client, reading);
    const result = read();
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

  /** Stops waiting for `client`'s reading; false when there was none. */
  cancel(client: string): boolean {
    const reading = this.current.get(client);
    if (!reading) return false;
    this.current.delete(client);
    reading.cancel();
    return true;
  }
}
