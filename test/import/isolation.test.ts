import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError, UserError } from '../../db/shared/errors.ts';
import { importPublishedText } from '../../db/import/index.ts';
import { PARSE_CANCELLED } from '../../db/import/isolated.ts';
import { MAX_SOURCE_BYTES } from '../../db/import/source-file.ts';
import { loadSource } from '../../db/rollover/index.ts';
import { runCli } from '../cli/run.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, tempDir } from '../helpers.ts';
import { breakLastPage, ownPdf } from './damaged-pdf.ts';

// Issue #8, point 6: no input stops the program. A damaged PDF, a long garbled line, a FIFO, a
// device or a huge file given as a source is refused with a message in Chinese, quickly; the
// parsing runs in a worker with a time limit, and the caller keeps running meanwhile.

const NO_STACK = /\n\s+at /u;
const CHINESE = /[\u4e00-\u9fff]/u;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

describe('a damaged PDF', () => {
  let damaged: string;
  beforeAll(async () => {
    const dir = tempDir();
    damaged = path.join(dir, 'damaged.pdf');
    writeFileSync(damaged, breakLastPage(await ownPdf(path.join(dir, 'rich.jxmb'))));
  }, 60_000);

  it('is refused by the command line with a message, not a stack trace', () => {
    const dir = path.dirname(damaged);
    const r = runCli(['rollover', damaged, '-o', path.join(dir, 'x.jxmb')]);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).not.toMatch(/Unhandled|内部错误/u);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^错误：.*[\u4e00-\u9fff]/u);
    expect(existsSync(path.join(dir, 'x.jxmb'))).toBe(false);
  });

  it('makes loadSource reject with a UserError, and nothing else', async () => {
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const e = await rejection(loadSource(damaged));
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toMatch(CHINESE);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('one long line', () => {
  const base = readFileSync(HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt'), 'utf8');
  const lines = base.split('\n');
  const TWO_MB = 2 * 1024 * 1024;
  const garbage = {
    digits: '1234567890'.repeat(TWO_MB / 10),
    // 3 bytes a character in UTF-8: 2 MB of text.
    chinese: '锟斤拷烫烫烫中文乱码，'.repeat(TWO_MB / 3 / 11),
    notation: '1、1-产出指标；11-数量指标；'.repeat(TWO_MB / 3 / 16),
    spaces: `中${' '.repeat(TWO_MB)}x`,
  };
  for (const [kind, line] of Object.entries(garbage)) {
    it(`of ${kind} (2 MB) is read in well under a second, anywhere in the table`, () => {
      // After the title, inside a project's goal, inside its indicators.
      for (const at of [3, 14, 20]) {
        const text = [...lines.slice(0, at), line, ...lines.slice(at)].join('\n');
        const started = performance.now();
        try {
          importPublishedText(text);
        } catch (e) {
          if (!isUserError(e)) throw e;
        }
        // Generous: the point is seconds, not the minutes (growing with the square of the
        // line's length) it took before.
        expect(performance.now() - started, `${kind} at line ${at}`).toBeLessThan(2000);
      }
    });
  }
});

describe('sources that are not regular files, or too large', () => {
  it('refuses a FIFO at once: loadSource and the import command', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const started = performance.now();
    const e = await rejection(loadSource(fifo));
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain('不是普通文件');
    const r = runCli(['import', fifo, '-o', path.join(dir, 'x.jxmb')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('不是普通文件');
    const rolled = runCli(['rollover', fifo, '-o', path.join(dir, 'x.jxmb')]);
    expect(rolled.status).toBe(2);
    expect(rolled.stderr).toContain('不是普通文件');
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('refuses a device', async () => {
    const e = await rejection(loadSource('/dev/zero'));
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain('是设备');
  });

  it('refuses a file over the limit before reading it (a sparse file: no disk used)', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.txt');
    execFileSync('truncate', ['-s', String(MAX_SOURCE_BYTES + 1), big]);
    const started = performance.now();
    const e = await rejection(loadSource(big));
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain('超过 64 MB');
    // Reading 64 MB would take longer than refusing.
    expect(performance.now() - started).toBeLessThan(500);
    for (const command of ['import', 'load', 'rollover']) {
      const r = runCli([command, big, '-o', path.join(dir, 'x.jxmb')]);
      expect(r.status, command).toBe(2);
      expect(r.stderr, command).toContain('超过 64 MB');
    }
  }, 60_000);
});

describe('parsing in a worker', () => {
  const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');

  it('stops at its time limit with a message', async () => {
    const e = await rejection(loadSource(source, { timeLimitMs: 1 }));
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/^读取上年文件“.*”超时/u);
  });

  it('stops at once when the clerk cancels (取消), with the worker', async () => {
    // A table forty times the size takes seconds to parse; cancelled after 100 ms, the promise
    // answers at once (isolated.ts terminates the worker then).
    const dir = tempDir();
    const file = path.join(dir, 'many.txt');
    writeFileSync(file, readFileSync(source, 'utf8').repeat(40));
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);
    const e = await rejection(loadSource(file, { signal: controller.signal }));
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(PARSE_CANCELLED);
    expect(performance.now() - started).toBeLessThan(1500);
    // Already cancelled: refused without reading.
    const again = await rejection(loadSource(file, { signal: controller.signal }));
    expect((again as Error).message).toBe(PARSE_CANCELLED);
  }, 60_000);

  it('stops at its memory limit with a message', async () => {
    // A worker given 8 MB of heap runs out of it (loading, or holding this table forty times
    // over): what the clerk sees is a message, and the caller goes on.
    const dir = tempDir();
    const file = path.join(dir, 'many.txt');
    const text = readFileSync(source, 'utf8');
    writeFileSync(file, text.repeat(40));
    const e = await rejection(loadSource(file, { memoryLimitMb: 8 }));
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain('内存不足');
  }, 60_000);

  it('leaves the caller running while it parses', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const loaded = await loadSource(source);
      expect(loaded.kind).toBe('text');
    } finally {
      clearInterval(timer);
    }
    // The worker takes a few hundred milliseconds to start and parse; in-process, the parse
    // ran before loadSource returned, and not one tick happened.
    expect(ticks).toBeGreaterThan(5);
  });
});
