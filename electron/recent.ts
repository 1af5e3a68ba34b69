import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RecentDocument } from '../db/shared/api/host-contract.ts';
import { writeFileAtomic } from '../templates/export/write-file.ts';
import { samePath } from '../db/service/file-names.ts';

/**
 * 最近打开: the documents opened or created lately, newest first, kept as JSON in the app's
 * user-data folder (`recent.json`). A missing or damaged list is an empty one; a file that no
 * longer exists is not shown. The main process also tells the OS (app.addRecentDocument) through
 * `onAdd`.
 */

const stored = z.object({ version: z.literal(1), files: z.array(z.string().max(4096)).max(100) });

export const RECENT_LIMIT = 10;

export class RecentDocuments {
  constructor(
    private readonly file: string,
    private readonly onAdd?: (file: string) => void,
    private readonly limit = RECENT_LIMIT,
  ) {}

  private read(): string[] {
    try {
      const parsed = stored.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.files : [];
    } catch {
      return [];
    }
  }

  private write(files: string[]): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const json = JSON.stringify({ version: 1, files }, null, 2);
      writeFileAtomic(this.file, Buffer.from(json, 'utf8'));
    } catch (e) {
      // The list is a convenience: failing to save it must never fail opening a document.
      console.error('最近打开列表保存失败', e);
    }
  }

  /** The existing files, newest first. */
  list(): RecentDocument[] {
    return this.read()
      .filter((f) => existsSync(f))
      .map((f) => ({ path: f, name: path.basename(f) }));
  }

  /** Whether `file` is on the list (the page may open only these without a dialog). */
  has(file: string): boolean {
    return this.read().some((f) => samePath(f, file));
  }

  add(file: string): void {
    const resolved = path.resolve(file);
    const files = [resolved, ...this.read().filter((f) => !samePath(f, resolved))];
    this.write(files.slice(0, this.limit));
    this.onAdd?.(resolved);
  }

  clear(): void {
    this.write([]);
  }
}
