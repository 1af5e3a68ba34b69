import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../templates/export/write-file.ts';
import { samePath } from './file-names.ts';
import { OPERATORS, type IndicatorValue } from '../shared/indicator-value.ts';
import {
  candidateKey,
  documentCandidates,
  type IndicatorCandidate,
} from '../shared/suggestions.ts';
import { CATEGORY_ROLES } from '../shared/tree.ts';
import type { DocumentData } from '../shared/types.ts';

/**
 * 指标记忆: the indicators of the documents this clerk opened lately and the ones they added as
 * 常用指标, kept on this computer only (never sent anywhere) in one JSON file in the host's own
 * folder (Electron's user-data folder beside recent.json; browser mode's state folder beside
 * web-servers.json), for suggestions in other documents. Bounded (the oldest documents are
 * forgotten first), written whole or not at all, re-read when another process (a second
 * browser-mode server) wrote it. A missing or damaged file is an empty memory; failing to write
 * it never stops opening a document.
 */

export const MEMORY_FILE = 'indicator-memory.json';
/** Documents remembered; opening a 31st forgets the one opened longest ago. */
export const MAX_DOCUMENTS = 30;
/** Distinct indicators (name and values) over all remembered documents. */
export const MAX_REMEMBERED = 6000;
export const MAX_OWN = 500;

const text = z.string().max(4000);
const valueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sentence'), text }),
  z.object({
    kind: z.literal('structured'),
    operator: z.enum(OPERATORS),
    value: text,
    unit: text,
    source: text.nullable(),
  }),
]);
const entrySchema = z.object({
  name: text,
  cycle: valueSchema,
  annual: valueSchema,
  annualFollowsCycle: z.boolean(),
  level1Role: z.enum(CATEGORY_ROLES),
  level1Name: text,
  level2Code: z.string().max(16),
  level2Name: text,
});
type Entry = z.infer<typeof entrySchema>;
const storedSchema = z.object({
  version: z.literal(1),
  documents: z
    .array(
      z.object({
        path: z.string().max(4096),
        name: text,
        seen: z.string().max(40),
        indicators: z.array(entrySchema).max(MAX_REMEMBERED),
      }),
    )
    .max(MAX_DOCUMENTS),
  own: z.array(entrySchema).max(MAX_OWN),
});
type Stored = z.infer<typeof storedSchema>;

const EMPTY: Stored = { version: 1, documents: [], own: [] };

/** A candidate without its source, as kept. */
function entryOf(c: IndicatorCandidate): Entry {
  return {
    name: c.name,
    cycle: c.cycle as Entry['cycle'],
    annual: c.annual as Entry['annual'],
    annualFollowsCycle: c.annualFollowsCycle,
    level1Role: c.level1Role,
    level1Name: c.level1Name,
    level2Code: c.level2Code,
    level2Name: c.level2Name,
  };
}

function distinct(entries: Iterable<IndicatorCandidate>): Entry[] {
  const seen = new Set<string>();
  const out: Entry[] = [];
  for (const c of entries) {
    const key = candidateKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entryOf(c));
  }
  return out;
}

export class IndicatorMemory {
  readonly file: string;
  private cache: { stored: Stored; mtimeMs: number; size: number } | undefined;

  constructor(dir: string) {
    this.file = path.join(dir, MEMORY_FILE);
  }

  private read(): Stored {
    let stat;
    try {
      stat = statSync(this.file);
    } catch {
      this.cache = undefined;
      return EMPTY;
    }
    const c = this.cache;
    if (c && c.mtimeMs === stat.mtimeMs && c.size === stat.size) return c.stored;
    let stored = EMPTY;
    try {
      const parsed = storedSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) stored = parsed.data;
    } catch {
      // damaged: an empty memory, replaced at the next write
    }
    this.cache = { stored, mtimeMs: stat.mtimeMs, size: stat.size };
    return stored;
  }

  private write(stored: Stored): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, Buffer.from(JSON.stringify(stored), 'utf8'));
    const stat = statSync(this.file);
    this.cache = { stored, mtimeMs: stat.mtimeMs, size: stat.size };
  }

  /** Remembers the indicators of the document at `file` (replacing what was kept of it). */
  remember(data: DocumentData, file: string): void {
    const name = path.basename(file);
    const indicators = distinct(documentCandidates(data, { source: 'opened', from: name })).slice(
      0,
      MAX_REMEMBERED,
    );
    const before = this.read();
    const others = before.documents.filter((d) => !samePath(d.path, file));
    const documents = [
      { path: path.resolve(file), name, seen: new Date().toISOString(), indicators },
      ...others,
    ];
    // Newest first: the oldest go when there are too many documents or indicators.
    let total = 0;
    const kept = documents.slice(0, MAX_DOCUMENTS).filter((d) => {
      total += d.indicators.length;
      return total <= MAX_REMEMBERED || d === documents[0];
    });
    this.write({ ...before, documents: kept });
  }

  /** 加为常用指标: the clerk's own, kept until they clear the memory; newest first. */
  addOwn(c: IndicatorCandidate): void {
    const before = this.read();
    const own = distinct([{ ...c, source: 'own' }, ...before.own.map(ownCandidate)]).slice(
      0,
      MAX_OWN,
    );
    this.write({ ...before, own });
  }

  /** 清除记住的指标: every remembered document and every 常用指标 the clerk added. */
  clear(): { documents: number; indicators: number } {
    const before = this.read();
    const indicators = before.documents.reduce((n, d) => n + d.indicators.length, 0);
    this.write(EMPTY);
    return { documents: before.documents.length, indicators: indicators + before.own.length };
  }

  /** What is kept, as candidates, without the document at `except` (the one being edited). */
  candidates(except?: string): IndicatorCandidate[] {
    const stored = this.read();
    const out: IndicatorCandidate[] = stored.own.map(ownCandidate);
    for (const d of stored.documents) {
      if (except !== undefined && samePath(d.path, except)) continue;
      for (const e of d.indicators) out.push(candidateOf(e, 'opened', d.name));
    }
    return out;
  }

  /** How much is kept (for the clerk to see before clearing). */
  summary(): { documents: number; own: number } {
    const stored = this.read();
    return { documents: stored.documents.length, own: stored.own.length };
  }
}

function ownCandidate(e: Entry): IndicatorCandidate {
  return candidateOf(e, 'own', '');
}

function candidateOf(e: Entry, source: 'own' | 'opened', from: string): IndicatorCandidate {
  // The schema checks the operator against the same list the value type narrows by.
  return {
    ...e,
    cycle: e.cycle as IndicatorValue,
    annual: e.annual as IndicatorValue,
    source,
    from,
  };
}
