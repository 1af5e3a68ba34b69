import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../db/shared/errors.ts';
import { parseIsolated } from '../../db/import/isolated.ts';
import { parseJobFor, sourceFormat } from '../../db/import/source-format.ts';
import { importWorkbook } from '../../db/import/workbook/import-workbook.ts';
import { runCliAsync } from '../cli/run.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { DAMAGES, seedWorkbooks } from './workbook-cells-tools.ts';

// Issue #12: a damaged workbook (test/fixtures/workbooks/damaged/, made from a real per-row
// sheet by DAMAGES in workbook-cells-tools.ts) is refused with a message in Chinese that says
// what is wrong — in the program, in the isolated worker the hosts parse in, and on the command
// line, which leaves no document (nor a temporary file) behind.

const NO_STACK = /\n\s+at /u;
const WHAT = '导入文件';

const EXPECTED: Record<string, string> = {
  'truncated.xlsx': '文件不完整，可能在复制或下载时被截断',
  'broken-sheet-xml.xlsx': 'XML 内容已损坏',
  'missing-sheet.xlsx': '工作簿列出的工作表“年度指标”在文件中缺失',
  'overlapping-merges.xlsx': '工作表“年度指标”的合并单元格 A10:C12 与 A12:A21 相互重叠',
};
const message = (why: string) =>
  `无法读取工作簿：文件已损坏或不是 Excel 工作簿（${why}）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入`;

const fixture = (name: string) => ownFixture(`workbooks/damaged/${name}`);
const bytesOf = (name: string) => new Uint8Array(readFileSync(fixture(name)));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

describe('the committed damaged workbooks', () => {
  it('are the damages they are named for, made from a workbook that imports', async () => {
    expect(Object.keys(DAMAGES).sort()).toEqual(Object.keys(EXPECTED).sort());
    const [perRow] = await seedWorkbooks();
    const whole = await importWorkbook(perRow!.bytes, 'xlsx');
    expect(whole.draft.units.flatMap((u) => u.projects)).toHaveLength(4);
    // Regenerated the same (exceljs writes the same bytes but for the file times inside).
    for (const name of Object.keys(DAMAGES)) {
      expect(Math.abs(DAMAGES[name]!(perRow!.bytes).length - bytesOf(name).length)).toBeLessThan(
        64,
      );
    }
  });

  it.each(Object.keys(EXPECTED))('%s: importWorkbook refuses it, saying why', async (name) => {
    const bytes = bytesOf(name);
    expect(sourceFormat(bytes, name, WHAT)).toBe('xlsx');
    const e = await rejection(importWorkbook(bytes, 'xlsx'));
    expect(isUserError(e), String(e)).toBe(true);
    expect(e.message).toBe(message(EXPECTED[name]!));
  });

  it.each(Object.keys(EXPECTED))('%s: the isolated worker refuses it the same', async (name) => {
    const job = parseJobFor(bytesOf(name), name, WHAT, {});
    const e = await rejection(parseIsolated(job, `${WHAT}“${name}”`));
    expect(isUserError(e), String(e)).toBe(true);
    expect(e.message).toBe(message(EXPECTED[name]!));
  });

  it('the command line refuses each with the message, and leaves no document', async () => {
    const dir = tempDir();
    const results = await Promise.all(
      Object.keys(EXPECTED).map(async (name) => {
        const source = path.join(dir, name);
        copyFileSync(fixture(name), source);
        const doc = path.join(dir, `${name}.jxmb`);
        return { name, r: await runCliAsync(['import', source, '-o', doc]) };
      }),
    );
    for (const { name, r } of results) {
      expect(r.stderr, name).not.toMatch(NO_STACK);
      expect(r.stderr, name).toBe(`错误：${message(EXPECTED[name]!)}\n`);
      expect(r.status, name).toBe(2);
    }
    // Only the sources: no document, no temporary or journal file.
    expect(readdirSync(dir).sort()).toEqual(Object.keys(EXPECTED).sort());
  }, 120_000);
});
