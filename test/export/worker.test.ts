import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { writeDraft } from '../../db/import/index.ts';
import { isUserError } from '../../db/shared/errors.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel, renderPdf } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import {
  ExportRenderer,
  LAYOUT_SHARE,
  type ExportStats,
} from '../../templates/export/worker/renderer.ts';
import { fixtureDraft, repeatUnits } from '../bench/synthetic.ts';
import { tempDir } from '../helpers.ts';
import { docxPart, docxText, HAS_POPPLER, pdfPages, pdftotext, squash } from './tools.ts';

/**
 * Exports rendered in the export worker (templates/export/worker), as both hosts use it: real
 * PDF and Word files, the worker kept for the next export, a worker that dies, an export that
 * takes too long, and the caller's thread free meanwhile.
 */

let fixture: DocumentData;
let tenfold: DocumentData;

function snapshotOf(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

beforeAll(() => {
  const dir = tempDir();
  const { draft } = fixtureDraft();
  writeDraft(draft, path.join(dir, 'fixture.jxmb'));
  writeDraft(repeatUnits(draft, 10), path.join(dir, 'tenfold.jxmb'));
  fixture = snapshotOf(path.join(dir, 'fixture.jxmb'));
  tenfold = snapshotOf(path.join(dir, 'tenfold.jxmb'));
});

const renderer = new ExportRenderer();
afterAll(() => renderer.close());

/** Longest gap between the ticks of a 10 ms timer on this thread while `work` runs. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('the export worker', () => {
  it('renders a real PDF of the document, with progress up to the end', async () => {
    const fractions: number[] = [];
    const bytes = await renderer.render(
      { data: fixture, layoutId: 'official', format: 'pdf' },
      { onProgress: (f) => fractions.push(f) },
    );
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.some((f) => f > 0 && f < LAYOUT_SHARE)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    if (!HAS_POPPLER) return;
    const file = path.join(tempDir(), 'worker.pdf');
    writeFileSync(file, bytes);
    const text = squash(pdftotext(file));
    expect(text).toContain(squash(fixture.title));
    for (const unit of fixture.units) expect(text).toContain(squash(unit.projects[0]!.name));
    // The same pages as rendering on this thread.
    const here = await renderPdf(buildPrintModel(fixture, official));
    expect(pdfPages(file)).toBe(here.pages);
  });

  it('renders a real Word file', async () => {
    const bytes = await renderer.render({ data: fixture, layoutId: 'per-project', format: 'docx' });
    const file = path.join(tempDir(), 'worker.docx');
    writeFileSync(file, bytes);
    const text = docxText(docxPart(file, 'word/document.xml'));
    expect(text).toContain(fixture.units[0]!.projects[0]!.name);
  });

  it('keeps its worker and its fonts for the next export, which is faster than the first', async () => {
    const fresh = new ExportRenderer();
    try {
      const job = { data: fixture, layoutId: 'official', format: 'pdf' } as const;
      const stats: ExportStats[] = [];
      const onStats = (s: ExportStats) => stats.push(s);
      const t0 = performance.now();
      const first = await fresh.render(job, { onStats });
      const t1 = performance.now();
      const second = await fresh.render(job, { onStats });
      const t2 = performance.now();
      expect(fresh.workerStarts).toBe(1);
      expect(second.length).toBe(first.length);
      // The first loads the faces it prints with; the second finds them parsed in the worker.
      expect(stats.map((s) => s.facesLoaded > 0)).toEqual([true, false]);
      // Modules and fonts are loaded once: the first export pays for them, the second does not.
      expect(t2 - t1).toBeLessThan(t1 - t0);
    } finally {
      await fresh.close();
    }
  });

  it('runs exports one after another, each answered with its own file', async () => {
    const [pdf, docx, pdf2] = await Promise.all([
      renderer.render({ data: fixture, layoutId: 'official', format: 'pdf' }),
      renderer.render({ data: fixture, layoutId: 'official', format: 'docx' }),
      renderer.render({ data: fixture, layoutId: 'per-project', format: 'pdf' }),
    ]);
    expect(Buffer.from(pdf!.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(Buffer.from(docx!.subarray(0, 2)).toString()).toBe('PK');
    expect(Buffer.from(pdf2!.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(pdf2!.length).not.toBe(pdf!.length);
  });

  it('warmUp() starts the worker ahead of the first export, and never fails', async () => {
    const prepared = new ExportRenderer();
    try {
      await prepared.warmUp(fixture);
      expect(prepared.workerStarts).toBe(1);
      // Warm now: the first export finds the fonts loaded.
      const stats: ExportStats[] = [];
      await prepared.render(
        { data: fixture, layoutId: 'official', format: 'pdf' },
        { onStats: (s) => stats.push(s) },
      );
      expect(stats[0]!.facesLoaded).toBe(0);
      // A document that cannot be printed: the warm-up says nothing, the export does.
      const broken = {
        ...fixture,
        defects: [{ location: { field: 'name' }, message: '名称无效' }],
      } as unknown as DocumentData;
      await expect(prepared.warmUp(broken)).resolves.toBeUndefined();
      const bytes = await prepared.render({ data: fixture, layoutId: 'official', format: 'pdf' });
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(prepared.workerStarts).toBe(1);
    } finally {
      await prepared.close();
    }
  });

  it('a mistake in the request is the clerk’s message, and the worker stays', async () => {
    const before = renderer.workerStarts;
    const e = await renderer
      .render({ data: fixture, layoutId: 'no-such-layout', format: 'pdf' })
      .catch((x: unknown) => x);
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toMatch(/没有名为“no-such-layout”的打印格式/);
    await renderer.render({ data: fixture, layoutId: 'official', format: 'docx' });
    expect(renderer.workerStarts).toBe(before);
  });

  it('a worker that dies fails its export with a message in Chinese; the next export works', async () => {
    const crashing = new ExportRenderer({
      script: new URL('./crashing-export-worker.mjs', import.meta.url),
    });
    try {
      const e = await crashing
        .render({ data: fixture, layoutId: 'crash', format: 'pdf' })
        .catch((x: unknown) => x);
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toBe(
        '导出失败：导出线程意外退出（代码 3）；请重试，下次导出会重新启动它',
      );
      const bytes = await crashing.render({ data: fixture, layoutId: 'official', format: 'pdf' });
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(crashing.workerStarts).toBe(2);
    } finally {
      await crashing.close();
    }
  });

  it('an export that needs more memory than the worker may have ends the worker, not the program', async () => {
    const small = new ExportRenderer({ memoryLimitMb: 32 });
    // Fifty times the fixture: its PDF (all pages are kept until the file is written) needs
    // several times 32 MB; the tenfold document's fits.
    const fiftyfold = { ...tenfold, units: Array.from({ length: 5 }, () => tenfold.units).flat() };
    try {
      const e = await small
        .render({ data: fiftyfold, layoutId: 'official', format: 'pdf' })
        .catch((x: unknown) => x);
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toBe(
        '导出失败：文档太大，导出所需内存超过 32 MB 的上限，已停止；编辑不受影响',
      );
    } finally {
      await small.close();
    }
  });

  it('an export that takes too long is stopped with a message; the next one starts afresh', async () => {
    const slow = new ExportRenderer({ timeLimitMs: 20 });
    try {
      const e = await slow
        .render({ data: tenfold, layoutId: 'official', format: 'pdf' })
        .catch((x: unknown) => x);
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toMatch(/^导出超时（超过 1 分钟），已停止/);
      await slow.render({ data: fixture, layoutId: 'official', format: 'pdf' }).catch(() => {});
      expect(slow.workerStarts).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('close() fails what is unfinished (导出已取消); the next export starts a worker again', async () => {
    const closing = new ExportRenderer();
    const pending = closing
      .render({ data: tenfold, layoutId: 'official', format: 'pdf' })
      .catch((x: unknown) => x);
    await closing.close();
    expect(((await pending) as Error).message).toBe('导出已取消');
    const bytes = await closing.render({ data: fixture, layoutId: 'official', format: 'docx' });
    expect(bytes.length).toBeGreaterThan(1000);
    expect(closing.workerStarts).toBe(2);
    await closing.close();
  });

  it('leaves the caller’s thread free: a timer keeps firing during a large export', async () => {
    // Warm: the worker is up and has its fonts (as in an editor that has exported before).
    await renderer.render({ data: fixture, layoutId: 'official', format: 'pdf' });
    const job = { data: tenfold, layoutId: 'official', format: 'pdf' } as const;
    const t0 = performance.now();
    const { result, stallMs } = await longestStall(() => renderer.render(job));
    const took = performance.now() - t0;
    expect(Buffer.from(result.subarray(0, 5)).toString()).toBe('%PDF-');
    // Rendered on this thread, the timer would stop for the whole export (measured: seconds).
    expect(stallMs).toBeLessThan(Math.min(250, took / 2));
  });
});
