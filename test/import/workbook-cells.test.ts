import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../db/shared/errors.ts';
import { readXlsxSheets, type SheetCells } from '../../db/import/workbook/sheet-cells.ts';
import { tempDir } from '../helpers.ts';
import { editMember, HAS_SOFFICE, sofficeConvert, xlsxBytes } from './workbook-cells-tools.ts';

// Issue #12: a workbook's cells read as the clerk sees them, whichever program wrote the file
// (exceljs here; LibreOffice converting the same workbook), and what cannot be read right is
// refused with a message naming the sheet and the cell.

const CHINESE = /[\u4e00-\u9fff]/u;

/** One sheet per kind of cell, and the rows each must read as: [row number, cells, spans]. */
async function everyKindOfCell(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  let ws = wb.addWorksheet('数值');
  ws.getCell('A1').value = 0.1 + 0.2;
  ws.getCell('B1').value = 123456789.12;
  ws.getCell('C1').value = 42;
  ws.getCell('D1').value = 0.955;
  ws.getCell('D1').numFmt = '0%';
  ws.getCell('E1').value = 0.07;
  ws.getCell('E1').numFmt = '0.00%';
  ws.getCell('F1').value = -1234.5;
  // The format's zeros shown (the clerk sees -1,234.50), its thousands separator not.
  ws.getCell('F1').numFmt = '#,##0.00';
  // Not rounded to the format's one decimal: the value as typed.
  ws.getCell('G1').value = 38.41;
  ws.getCell('G1').numFmt = '0.0';
  ws = wb.addWorksheet('日期');
  const day = new Date(Date.UTC(2025, 0, 1));
  ws.getCell('A1').value = day;
  ws.getCell('A1').numFmt = 'yyyy-mm-dd';
  ws.getCell('B1').value = day;
  ws.getCell('B1').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('C1').value = new Date(Date.UTC(2025, 0, 1, 8, 30));
  ws.getCell('C1').numFmt = 'yyyy-mm-dd hh:mm';
  ws.getCell('D1').value = new Date(Date.UTC(1899, 11, 30, 8, 30));
  ws.getCell('D1').numFmt = 'h:mm';
  ws.getCell('E1').value = day;
  ws.getCell('E1').numFmt = 'yyyy"年"m"月"';
  ws = wb.addWorksheet('公式');
  ws.getCell('A1').value = 1;
  ws.getCell('B1').value = 2;
  ws.getCell('C1').value = { formula: 'A1+B1', result: 3 };
  ws.getCell('D1').value = { formula: 'IF(A1=1,"","x")', result: '' };
  ws.getCell('E1').value = { formula: 'NA()', result: { error: '#N/A' } };
  ws.getCell('F1').value = { formula: 'A1/10', result: 0.1 };
  ws.getCell('F1').numFmt = '0%';
  ws.getCell('G1').value = { formula: '"合"&"计"', result: '合计' };
  ws = wb.addWorksheet('文本');
  ws.getCell('A1').value = { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] };
  ws.getCell('B1').value = { text: '链接', hyperlink: 'http://example.com' };
  ws.getCell('C1').value = true;
  ws.getCell('D1').value = { error: '#DIV/0!' };
  ws.getCell('E1').value = '第一行\r\n第二行';
  ws.getCell('F1').value = '\u3000全角\u3000';
  ws.getCell('G1').value = '001';
  ws = wb.addWorksheet('合并');
  ws.getCell('A1').value = '标题';
  ws.mergeCells('A1:C1');
  ws.getCell('A2').value = '一级';
  ws.mergeCells('A2:A4');
  ws.getCell('B2').value = '二级';
  ws.getCell('C2').value = '块';
  ws.mergeCells('C2:D3');
  ws.getCell('E2').value = 'e2';
  ws.getCell('E3').value = 'e3';
  ws.getCell('B4').value = 'b4';
  ws = wb.addWorksheet('隐藏行列');
  ws.getCell('A1').value = 'a1';
  ws.getCell('B1').value = 'b1';
  ws.getCell('A2').value = 'a2';
  ws.getRow(2).hidden = true;
  ws.getColumn(2).hidden = true;
  ws = wb.addWorksheet('格式');
  ws.getColumn(1).width = 30;
  ws.getCell('B3').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
  ws.getCell('C5').border = { top: { style: 'thin' } };
  // Drop-down lists and conditional formats (a template's) only check and colour cells.
  ws = wb.addWorksheet('校验');
  ws.getCell('A1').value = '≥';
  ws.getCell('B1').value = 95;
  ws.getCell('A1').dataValidation = { type: 'list', allowBlank: true, formulae: ['"≥,≤,＝"'] };
  ws.addConditionalFormatting({
    ref: 'B1:B100',
    rules: [
      {
        type: 'cellIs',
        operator: 'greaterThan',
        priority: 1,
        formulae: [90],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FF00FF00' } } },
      },
    ],
  });
  ws = wb.addWorksheet('隐藏');
  ws.state = 'hidden';
  ws.getCell('A1').value = 'h';
  return xlsxBytes(wb);
}

type Expected = [line: number, cells: string[], spans?: number[]][];

const EXPECTED: Record<string, Expected> = {
  数值: [[1, ['0.3', '123456789.12', '42', '95.5%', '7%', '-1234.50', '38.41']]],
  日期: [[1, ['2025-01-01', '2025年1月1日', '2025-01-01 08:30', '08:30', '2025年1月']]],
  公式: [[1, ['1', '2', '3', '', '#N/A', '10%', '合计']]],
  文本: [[1, ['富文本', '链接', 'TRUE', '#DIV/0!', '第一行\n第二行', '全角', '001']]],
  合并: [
    [1, ['标题', '', ''], [3, 0, 0]],
    [2, ['一级', '二级', '块', '', 'e2'], [1, 1, 2, 0, 1]],
    [3, ['', '', '', '', 'e3'], [0, 1, 0, 0, 1]],
    [4, ['', 'b4'], [0, 1]],
  ],
  // Hidden rows and columns are read: folded away for printing, still the table's.
  隐藏行列: [
    [1, ['a1', 'b1']],
    [2, ['a2']],
  ],
  格式: [],
  校验: [[1, ['≥', '95']]],
  // Listed, not read.
  隐藏: [],
};

function summary(sheets: SheetCells[]): Record<string, Expected> {
  return Object.fromEntries(
    sheets.map((s) => [
      s.name,
      s.source.rows.map((r): Expected[number] => {
        expect(r.where.sheet).toBe(s.name);
        return r.spans ? [r.where.line, [...r.cells], [...r.spans]] : [r.where.line, [...r.cells]];
      }),
    ]),
  );
}

async function refusal(bytes: Uint8Array): Promise<Error> {
  try {
    await readXlsxSheets(bytes);
  } catch (e) {
    expect(isUserError(e), String(e)).toBe(true);
    expect((e as Error).message).toMatch(CHINESE);
    return e as Error;
  }
  throw new Error('expected a refusal');
}

describe('every kind of cell', () => {
  let exceljsFile: Uint8Array;
  let libreOfficeFile: Uint8Array | undefined;
  beforeAll(async () => {
    exceljsFile = await everyKindOfCell();
    if (!HAS_SOFFICE) return;
    const dir = tempDir();
    const source = path.join(dir, 'cells.xlsx');
    writeFileSync(source, exceljsFile);
    const [converted] = sofficeConvert([source], 'xlsx', path.join(dir, 'lo'));
    libreOfficeFile = new Uint8Array(readFileSync(converted!));
  }, 180_000);

  it('as exceljs writes them', async () => {
    const sheets = await readXlsxSheets(exceljsFile);
    expect(summary(sheets)).toEqual(EXPECTED);
    expect(sheets.map((s) => s.hidden)).toEqual([...Array(8).fill(false), true]);
  });

  it.skipIf(!HAS_SOFFICE)('as LibreOffice writes them', async () => {
    const sheets = await readXlsxSheets(libreOfficeFile!);
    expect(summary(sheets)).toEqual(EXPECTED);
    expect(sheets.find((s) => s.name === '隐藏')?.hidden).toBe(true);
  });
});

describe('what only some writers write', () => {
  let base: Uint8Array;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.getCell('A1').value = 'x';
    ws.getCell('B2').value = 45658;
    ws.getCell('B2').numFmt = '0.000';
    wb.addWorksheet('b').getCell('A1').value = 'y';
    base = await xlsxBytes(wb);
  });
  const read = async (bytes: Uint8Array) => summary(await readXlsxSheets(bytes))['表'];
  const sheet1 = 'xl/worksheets/sheet1.xml';

  it('inline strings, plain and rich (some generators write no shared strings)', async () => {
    const inline = editMember(base, sheet1, (x) =>
      x.replace(
        /<c r="A1"[^>]*>.*?<\/c>/u,
        '<c r="A1" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c>',
      ),
    );
    expect((await read(inline))![0]![1]).toEqual(['富文本']);
  });

  it("Excel's escapes of control characters in strings (_x000D_)", async () => {
    const escaped = editMember(base, 'xl/sharedStrings.xml', (x) =>
      x.replace('>x<', '>第一行_x000D_\n第二行_x005F_x0041_<'),
    );
    expect((await read(escaped))![0]![1]).toEqual(['第一行\n第二行_x0041_']);
  });

  it('the Chinese built-in date formats (Excel and WPS save 2025年1月1日 as format 31)', async () => {
    const builtin = editMember(base, 'xl/styles.xml', (x) =>
      x.replace('<xf numFmtId="164"', '<xf numFmtId="31"'),
    );
    expect((await read(builtin))![1]![1]).toEqual(['', '2025年1月1日']);
    const monthDay = editMember(base, 'xl/styles.xml', (x) =>
      x.replace('<xf numFmtId="164"', '<xf numFmtId="58"'),
    );
    expect((await read(monthDay))![1]![1]).toEqual(['', '1月1日']);
  });

  it('the 1904 date system (Excel for Mac): the same serial is four years later', async () => {
    const builtin = editMember(base, 'xl/styles.xml', (x) =>
      x.replace('<xf numFmtId="164"', '<xf numFmtId="14"'),
    );
    expect((await read(builtin))![1]![1]).toEqual(['', '2025-01-01']);
    const mac = editMember(builtin, 'xl/workbook.xml', (x) =>
      x.replace(/<workbookPr[^>]*\/>/u, '<workbookPr date1904="1"/>'),
    );
    expect((await read(mac))![1]![1]).toEqual(['', '2029-01-02']);
  });

  it('shared formulas (Excel writes a filled-down formula once), with their results', async () => {
    const shared = editMember(base, sheet1, (x) =>
      x.replace(
        /<c r="B2"[^>]*>.*?<\/c>/u,
        '<c r="B2"><f t="shared" ref="B2:C2" si="0">1+1</f><v>2</v></c><c r="C2"><f t="shared" si="0"/><v>2</v></c>',
      ),
    );
    expect((await read(shared))![1]![1]).toEqual(['', '2', '2']);
  });

  it('a formula result that is an empty text (<v></v>) is an empty cell, not a refusal', async () => {
    const empty = editMember(base, sheet1, (x) =>
      x.replace(/<c r="B2"[^>]*>.*?<\/c>/u, '<c r="B2" t="str"><f>IF(1,"","x")</f><v></v></c>'),
    );
    expect(await read(empty)).toEqual([[1, ['x']]]);
  });

  it('a formula saved without any result is refused, naming the cell (exceljs writes such)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('年度指标');
    ws.getCell('A1').value = 1;
    ws.getCell('B5').value = { formula: 'A1*2' } as ExcelJS.CellFormulaValue;
    const e = await refusal(await xlsxBytes(wb));
    expect(e.message).toMatch(
      /工作表“年度指标”的单元格 B5 是公式（=A1\*2），但文件中没有保存它的计算结果/u,
    );
    expect(e.message).toMatch(/在 Excel 或 WPS 中打开这个文件并保存/u);
    // In a hidden sheet (never read) it stops nothing.
    ws.state = 'hidden';
    wb.addWorksheet('表').getCell('A1').value = 'x';
    expect((await readXlsxSheets(await xlsxBytes(wb))).map((s) => s.name)).toEqual([
      '年度指标',
      '表',
    ]);
  });

  it.skipIf(!HAS_SOFFICE)(
    '…and read once LibreOffice has opened and saved it',
    async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('年度指标');
      ws.getCell('A1').value = 21;
      ws.getCell('B1').value = { formula: 'A1*2' } as ExcelJS.CellFormulaValue;
      const dir = tempDir();
      writeFileSync(path.join(dir, 'f.xlsx'), await xlsxBytes(wb));
      const [saved] = sofficeConvert([path.join(dir, 'f.xlsx')], 'xlsx', path.join(dir, 'lo'));
      const sheets = await readXlsxSheets(new Uint8Array(readFileSync(saved!)));
      expect(sheets[0]!.source.rows[0]!.cells).toEqual(['21', '42']);
    },
    180_000,
  );
});

describe('sizes: refused by where the content is, quickly; never by the formatted extent', () => {
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await work();
    return [result, performance.now() - started];
  };

  it('the 10× document, 2,730 indicators one per row, reads in a fraction of a second', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('年度指标');
    ws.addRow(['单位名称', '项目名称', '一级指标', '二级指标', '三级指标', '指标性质', '指标值']);
    for (let i = 0; i < 2730; i++) {
      ws.addRow([
        `单位${Math.floor(i / 210)}`,
        `项目${Math.floor(i / 10)}`,
        '产出指标',
        '数量指标',
        `指标${i}`,
        '≥',
        i,
      ]);
    }
    const bytes = await xlsxBytes(wb);
    const [sheets, ms] = await timed(() => readXlsxSheets(bytes));
    expect(sheets[0]!.source.rows).toHaveLength(2731);
    expect(sheets[0]!.source.rows[2730]!.cells.at(-1)).toBe('2729');
    // About 0.2 s (load average 4 on 2 cores); the bound is for a shared machine.
    expect(ms).toBeLessThan(10_000);
  });

  it('a stray cell at XFD1048576 is refused at once, naming it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('年度指标');
    ws.getCell('A1').value = '项目名称';
    ws.getCell('XFD1048576').value = '误';
    const bytes = await xlsxBytes(wb);
    const [e, ms] = await timed(() => refusal(bytes));
    expect(e.message).toMatch(
      /工作表“年度指标”的单元格 XFD1048576 有内容，超出了可读取的范围（最多 50000 行、200 列）/u,
    );
    expect(ms).toBeLessThan(3000);
  });

  it('a cell below row 50,000 or right of column 200 is refused, naming it', async () => {
    for (const [cell, named] of [
      ['A50001', 'A50001'],
      ['GS1', 'GS1'],
    ] as const) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('表');
      ws.getCell('A1').value = 'x';
      ws.getCell(cell).value = 1;
      expect((await refusal(await xlsxBytes(wb))).message).toContain(`单元格 ${named} 有内容`);
    }
  });

  it('a hidden sheet is not read, whatever its size (a long code table)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = 'x';
    const codes = wb.addWorksheet('代码表');
    codes.state = 'veryHidden';
    codes.getCell('A60000').value = '999';
    const sheets = await readXlsxSheets(await xlsxBytes(wb));
    expect(sheets.map((s) => [s.name, s.hidden, s.source.rows.length])).toEqual([
      ['表', false, 1],
      ['代码表', true, 0],
    ]);
  });

  it('row 50,000 and column 200 are read', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.getCell('A50000').value = 'last';
    ws.getCell('GR1').value = 'right';
    const rows = (await readXlsxSheets(await xlsxBytes(wb)))[0]!.source.rows;
    expect(rows.map((r) => r.where.line)).toEqual([1, 50000]);
    expect(rows[0]!.cells).toHaveLength(200);
  });

  it('rows formatted down to row 1,048,576, and a title merged across the whole row, are read', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.getCell('A1').value = '标题';
    ws.mergeCells('A1:XFD1');
    ws.getCell('A2').value = '一';
    ws.getCell('B2').value = '二';
    ws.getRow(1_048_576).height = 30;
    ws.getCell('C1048576').font = { bold: true };
    const bytes = await xlsxBytes(wb);
    const [sheets, ms] = await timed(() => readXlsxSheets(bytes));
    expect(summary(sheets)['表']).toEqual([
      [1, ['标题', ''], [2, 0]],
      [2, ['一', '二']],
    ]);
    expect(ms).toBeLessThan(5000);
  });

  it('drop-down lists, column widths and names over whole sheets are not expanded cell by cell', async () => {
    // exceljs makes an entry per cell of a data validation's range (a drop-down over one whole
    // column, as the national system's import template has: 2 s), an object per column of a
    // <col> range, and a cell list per defined name: here each is 17 billion.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = '指标性质';
    const whole = editMember(
      editMember(await xlsxBytes(wb), 'xl/worksheets/sheet1.xml', (x) =>
        x
          .replace(
            '<sheetData>',
            '<cols><col min="1" max="2147483647" width="9"/></cols><sheetData>',
          )
          .replace(
            '</sheetData>',
            '</sheetData><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"≥,≤,＝"</formula1></dataValidation></dataValidations>',
          ),
      ),
      'xl/workbook.xml',
      (x) =>
        x.replace(
          '</sheets>',
          '</sheets><definedNames><definedName name="全表">\'表\'!$A$1:$XFD$1048576</definedName></definedNames>',
        ),
    );
    const [sheets, ms] = await timed(() => readXlsxSheets(whole));
    expect(summary(sheets)['表']).toEqual([[1, ['指标性质']]]);
    expect(ms).toBeLessThan(3000);
  });

  it('sheet ids of 2^31, or twice the same, lose no sheet and take no time', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('一').getCell('A1').value = 'x';
    wb.addWorksheet('二').getCell('A1').value = 'y';
    const ids = (first: string, second: string) =>
      editMember(bytes, 'xl/workbook.xml', (x) =>
        x
          .replace('sheetId="1"', `sheetId="${first}"`)
          .replace('sheetId="2"', `sheetId="${second}"`),
      );
    const bytes = await xlsxBytes(wb);
    for (const [first, second] of [
      ['2147483648', '2'],
      ['7', '7'],
    ] as const) {
      const [sheets, ms] = await timed(() => readXlsxSheets(ids(first, second)));
      expect(sheets.map((s) => s.name)).toEqual(['一', '二']);
      expect(ms).toBeLessThan(2000);
    }
  });

  it('a part that unpacks beyond 64 MB is refused before it is unpacked whole', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = 'x';
    const files = unzipSync(await xlsxBytes(wb));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const padding = ' '.repeat(65 * 1024 * 1024);
    files['xl/worksheets/sheet1.xml'] = strToU8(
      sheet.replace('<sheetData>', `${padding}<sheetData>`),
    );
    const bomb = zipSync(files, { level: 1 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const [e, ms] = await timed(() => refusal(bomb));
    expect(e.message).toBe(
      '工作簿过大：其中的“xl/worksheets/sheet1.xml”解压后超过 64 MB，不是一份绩效目标表，未读取',
    );
    expect(ms).toBeLessThan(3000);
  });

  it('a drop-down list out of its place is not expanded either; one outside any list is damage', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = 'x';
    const bytes = await xlsxBytes(wb);
    const whole =
      '<dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a"</formula1></dataValidation>';
    // Fuzz input 7393: before the cells, where no writer puts it.
    const before = editMember(bytes, 'xl/worksheets/sheet1.xml', (x) =>
      x.replace('<sheetData>', `<dataValidations count="1">${whole}</dataValidations><sheetData>`),
    );
    const [sheets, ms] = await timed(() => readXlsxSheets(before));
    expect(summary(sheets)['表']).toEqual([[1, ['x']]]);
    expect(ms).toBeLessThan(3000);
    const unclosed = editMember(bytes, 'xl/worksheets/sheet1.xml', (x) =>
      x.replace('</sheetData>', `</sheetData><dataValidations count="1">${whole}`),
    );
    const [e, refusedMs] = await timed(() => refusal(unclosed));
    expect(e.message).toMatch(/“xl\/worksheets\/sheet1\.xml”的 XML 内容已损坏/u);
    expect(refusedMs).toBeLessThan(3000);
  });

  it('a row number beyond Excel’s last row is refused as damage, not looped to', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = 'x';
    const far = editMember(await xlsxBytes(wb), 'xl/worksheets/sheet1.xml', (x) =>
      x.replace('<row r="1"', '<row r="2147483648"'),
    );
    const [e, ms] = await timed(() => refusal(far));
    expect(e.message).toMatch(/工作表“表”中的行号 2147483648 超出了 Excel 的范围/u);
    expect(ms).toBeLessThan(2000);
  });

  it('a merge of more than 100,000 cells, or more than 10,000 merges, is refused before unpacking', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = 'x';
    const bytes = await xlsxBytes(wb);
    const withMerges = (merges: string) =>
      editMember(bytes, 'xl/worksheets/sheet1.xml', (x) =>
        x.replace('</sheetData>', `</sheetData><mergeCells>${merges}</mergeCells>`),
      );
    const [big, bigMs] = await timed(() => refusal(withMerges('<mergeCell ref="C1:C1048576"/>')));
    expect(big.message).toMatch(
      /合并单元格 C1:C1048576 包含 1048576 个单元格，超过 100000 个的上限/u,
    );
    expect(bigMs).toBeLessThan(2000);
    const many = Array.from(
      { length: 10_001 },
      (_, i) => `<mergeCell ref="E${2 * i + 1}:F${2 * i + 2}"/>`,
    );
    const [lots, lotsMs] = await timed(() => refusal(withMerges(many.join(''))));
    expect(lots.message).toMatch(/有 10001 处合并单元格，超过 10000 处的上限/u);
    expect(lotsMs).toBeLessThan(2000);
  });
});
