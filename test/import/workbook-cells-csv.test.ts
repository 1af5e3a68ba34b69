import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../db/shared/errors.ts';
import { readCsvCells } from '../../db/import/workbook/csv-cells.ts';
import { ownFixture } from '../helpers.ts';

// Issue #12: a CSV as Excel and WPS write it (另存为 CSV): UTF-8 with or without BOM, GBK from a
// Chinese Windows, UTF-16 (“Unicode 文本”), quoted cells holding separators, quotes and line
// breaks, comma, tab or semicolon; rows numbered as the spreadsheet shows them.

const utf8 = (s: string) => new TextEncoder().encode(s);
const rows = (bytes: Uint8Array) =>
  readCsvCells(bytes).source.rows.map((r) => [r.where.line, ...r.cells]);

function refusal(bytes: Uint8Array): string {
  try {
    readCsvCells(bytes);
  } catch (e) {
    expect(isUserError(e), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

const TABLE = '单位名称,项目名称,指标值\r\n某某局,项目甲,≥100\r\n';
const EXPECTED = [
  [1, '单位名称', '项目名称', '指标值'],
  [2, '某某局', '项目甲', '≥100'],
];

describe('readCsvCells', () => {
  it('UTF-8, with and without a byte order mark', () => {
    expect(rows(utf8(TABLE))).toEqual(EXPECTED);
    expect(rows(utf8(`\uFEFF${TABLE}`))).toEqual(EXPECTED);
    expect(readCsvCells(utf8(`\uFEFF${TABLE}`)).encoding).toBe('utf-8');
  });

  it('GBK (made with iconv, as Chinese Excel saves a CSV), said to be an inference', () => {
    const csv = readCsvCells(new Uint8Array(readFileSync(ownFixture('workbooks/cells/gbk.csv'))));
    expect(csv.encoding).toBe('gb18030');
    expect(csv.source.rows.map((r) => [r.where.line, ...r.cells])).toEqual([
      [1, '单位名称', '项目名称', '三级指标', '指标值', '备注'],
      [2, '某某局', '项目，甲', '培训人次', '≥100', '第一行\n第二行'],
      // The quoted line break kept row 2 one record: the next record is the sheet's row 3.
      [3, '某某局', '说"明"', '满意度', '≥90%'],
    ]);
  });

  it('UTF-16 with its byte order mark (Excel’s “Unicode 文本”, tab separated)', () => {
    const text = TABLE.replaceAll(',', '\t');
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    expect(rows(le)).toEqual(EXPECTED);
    expect(readCsvCells(le).encoding).toBe('utf-16');
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(rows(new Uint8Array([0xfe, 0xff, ...be]))).toEqual(EXPECTED);
  });

  it('quoted cells holding commas, line breaks and doubled quotes', () => {
    const csv = 'a,"b,c","第一行\n第二行","say ""hi"""\nnext,"",x\n';
    expect(rows(utf8(csv))).toEqual([
      [1, 'a', 'b,c', '第一行\n第二行', 'say "hi"'],
      [2, 'next', '', 'x'],
    ]);
  });

  it('tab and semicolon separators, told by the first line', () => {
    expect(rows(utf8('a\tb,c\td\n1\t2,5\t3\n'))).toEqual([
      [1, 'a', 'b,c', 'd'],
      [2, '1', '2,5', '3'],
    ]);
    expect(rows(utf8('a;b;c\n1,5;2;3\n'))).toEqual([
      [1, 'a', 'b', 'c'],
      [2, '1,5', '2', '3'],
    ]);
  });

  it('empty lines are skipped but counted; trailing empty cells dropped', () => {
    expect(rows(utf8('a,b,,\n\n,,\nc\n'))).toEqual([
      [1, 'a', 'b'],
      [4, 'c'],
    ]);
  });

  it('an unterminated quote is refused, naming the row it starts in', () => {
    expect(refusal(utf8('a,b\nc,"d,e\nf,g\n'))).toBe(
      'CSV 文件第 2 行的引号没有结束（文件可能被截断），未导入',
    );
  });

  it('an empty file, and more than 200 columns, are refused', () => {
    expect(refusal(utf8(''))).toMatch(/CSV 文件为空/u);
    expect(refusal(utf8('\uFEFF \r\n'))).toMatch(/CSV 文件为空/u);
    expect(refusal(utf8(`${Array(201).fill('x').join(',')}\n`))).toMatch(
      /第 1 行超过 200 列的上限/u,
    );
  });
});
