import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPublishedText, writeDraft, type TableDraft } from '../../db/import/index.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT } from '../paths.ts';

/** The published fixture (or the project's own small table where it is absent), as a draft. */
export function fixtureDraft(): { draft: TableDraft; source: string } {
  const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
  return { draft: importPublishedText(readFileSync(source, 'utf8')).draft, source };
}

/**
 * The draft's units `times` over, each copy's units named apart (（第k组）) so the document reads
 * like one department's larger table: the benchmark's 10× and 100× documents. Once over is the
 * draft itself, names unchanged.
 */
export function repeatUnits(draft: TableDraft, times: number): TableDraft {
  if (!Number.isInteger(times) || times < 1) {
    throw new Error(`repeatUnits: times must be a whole number ≥ 1, not ${times}`);
  }
  if (times === 1) return draft;
  const units = [];
  for (let k = 1; k <= times; k++) {
    units.push(...draft.units.map((u) => ({ ...u, name: `${u.name}（第${k}组）` })));
  }
  return { ...draft, units };
}

/** The fixture's units ten times over: 510 projects, 2730 indicators. */
export function timesTen(draft: TableDraft): TableDraft {
  return repeatUnits(draft, 10);
}

/** How many units, projects and indicators a draft holds. */
export function draftSize(draft: TableDraft): {
  units: number;
  projects: number;
  indicators: number;
} {
  let projects = 0;
  let indicators = 0;
  for (const u of draft.units) {
    projects += u.projects.length;
    for (const p of u.projects) indicators += p.indicators.length;
  }
  return { units: draft.units.length, projects, indicators };
}

/**
 * The sizes the editor benchmark runs at: BENCH_SIZES, e.g. "1,10" or "100×"; all three when unset.
 */
export function benchSizes(spec: string | undefined): number[] {
  if (!spec?.trim()) return [1, 10, 100];
  const sizes = spec.split(',').map((s) => Number(s.trim().replace(/[x×]$/, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    throw new Error(`BENCH_SIZES: “${spec}” is not a list of sizes like 1,10,100`);
  }
  return sizes;
}

/** Where built benchmark documents are kept between runs. */
export const BENCH_DOCS = path.join(tmpdir(), 'jxmb-bench-docs');

/**
 * A document file of the draft's units `times` over, built once and kept (in BENCH_DOCS) until
 * the draft or the file's schema changes: writing 5,100 projects through the model takes
 * minutes. Callers copy it before changing it.
 */
export function cachedDocument(draft: TableDraft, times: number): string {
  const key = createHash('sha256')
    .update(JSON.stringify(draft))
    .update(readFileSync(path.join(ROOT, 'db', 'migrations.ts')))
    .digest('hex')
    .slice(0, 16);
  const name = `x${times}-${key}.jxmb`;
  const file = path.join(BENCH_DOCS, name);
  mkdirSync(BENCH_DOCS, { recursive: true });
  if (readdirSync(BENCH_DOCS).includes(name)) return file;
  for (const old of readdirSync(BENCH_DOCS)) {
    if (old.startsWith(`x${times}-`)) rmSync(path.join(BENCH_DOCS, old), { force: true });
  }
  const size = draftSize(repeatUnits(draft, times));
  console.log(
    `(building the ${times}× document once: ${size.projects} projects, ${size.indicators} indicators → ${file})`,
  );
  const partial = path.join(BENCH_DOCS, `partial-${process.pid}-${name}`);
  writeDraft(repeatUnits(draft, times), partial, { overwrite: true });
  renameSync(partial, file);
  return file;
}
