import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../db/shared/errors.ts';
import { parseJobFor, sourceFormat } from '../../db/import/source-format.ts';
import { ownFixture } from '../helpers.ts';
import { ownPdf } from './damaged-pdf.ts';
import { tempDir } from '../helpers.ts';
import path from 'node:path';

// Issue #12: what a source file is, told by its bytes (a renamed file is still what it is) and
// by its name only where bytes cannot tell (a CSV is text); what the program cannot read is
// refused with what to do instead.

const fixture = (name: string) =>
  new Uint8Array(readFileSync(ownFixture(`workbooks/cells/${name}`)));
const WHAT = '导入文件';

function refusal(bytes: Uint8Array, name: string): string {
  try {
    sourceFormat(bytes, name, WHAT);
  } catch (e) {
    expect(isUserError(e), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error(`expected ${name} to be refused`);
}

describe('sourceFormat', () => {
  let xlsx: Uint8Array;
  let pdf: Uint8Array;
  let docx: Uint8Array;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('年度指标').getCell('A1').value = '项目名称';
    xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    pdf = new Uint8Array(await ownPdf(path.join(tempDir(), 'own.jxmb')));
    const doc = new Document({ sections: [{ children: [new Paragraph('绩效目标表')] }] });
    docx = new Uint8Array(await Packer.toBuffer(doc));
  }, 60_000);

  it('a PDF, whatever its name', () => {
    expect(sourceFormat(pdf, 'a.pdf', WHAT)).toBe('pdf');
    expect(sourceFormat(pdf, 'a.txt', WHAT)).toBe('pdf');
  });

  it('an .xlsx, and the same renamed .txt or with no extension', () => {
    expect(sourceFormat(xlsx, 'a.xlsx', WHAT)).toBe('xlsx');
    expect(sourceFormat(xlsx, 'a.txt', WHAT)).toBe('xlsx');
    expect(sourceFormat(xlsx, 'a', WHAT)).toBe('xlsx');
    expect(sourceFormat(xlsx, 'A.XLSM', WHAT)).toBe('xlsx');
  });

  it('an .xlsx cut short is still a workbook (its reader says it is damaged)', () => {
    // exceljs writes xl/workbook.xml last: what is left names only other parts of xl/.
    const half = xlsx.subarray(0, xlsx.length / 2);
    expect(Buffer.from(half).includes('xl/workbook')).toBe(false);
    expect(sourceFormat(half, 'a.txt', WHAT)).toBe('xlsx');
  });

  it('a real .xls (LibreOffice wrote it) is refused: save it as .xlsx', () => {
    const message = refusal(fixture('old.xls'), '2024年.xls');
    expect(message).toBe(
      '导入文件“2024年.xls”是旧版 Excel 97-2003 工作簿（.xls）或 WPS 表格（.et），本程序不读取这种格式；请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再导入',
    );
    expect(refusal(fixture('old.xls'), '表.et')).toMatch(/另存为“Excel 工作簿（\*\.xlsx）”/u);
    // Renamed .xlsx, it is still an .xls.
    expect(refusal(fixture('old.xls'), '表.xlsx')).toMatch(/旧版 Excel 97-2003 工作簿/u);
  });

  it('a workbook saved with an opening password is told as such, not as an .xls', () => {
    // An encrypted .xlsx is an OLE2 container with an EncryptedPackage stream (made here: no
    // tool on the machine writes one).
    const container = new Uint8Array(4096);
    container.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    container.set(Buffer.from('EncryptedPackage', 'utf16le'), 1024);
    expect(refusal(container, '加密.xlsx')).toMatch(
      /设有打开密码（已加密）.*取消密码后另存为 \.xlsx/u,
    );
  });

  it('a .docx is refused, told as a Word document', () => {
    expect(refusal(docx, '申报表.docx')).toMatch(/是 Word 文档（\.docx），无法直接读取/u);
    expect(refusal(docx, '申报表.xlsx')).toMatch(/是 Word 文档/u);
  });

  it('an .ods (LibreOffice wrote it) and an .xlsb are refused: save as .xlsx', () => {
    expect(refusal(fixture('old.ods'), '表.ods')).toMatch(
      /OpenDocument 表格（\.ods）.*另存为“Excel 工作簿（\*\.xlsx）”/u,
    );
    const xlsb = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.bin': new Uint8Array(8),
    });
    expect(refusal(xlsb, '表.xlsb')).toMatch(/Excel 二进制工作簿（\.xlsb）/u);
  });

  it('a ZIP that is no workbook is refused; named .xlsx, as a damaged workbook', () => {
    const zip = zipSync({ 'readme.txt': strToU8('hello') });
    expect(refusal(zip, '资料.zip')).toMatch(/是压缩文件，但不是 Excel 工作簿（\.xlsx）/u);
    expect(refusal(zip, '资料.xlsx')).toMatch(/不是有效的 Excel 工作簿（文件已损坏或不完整）/u);
    expect(refusal(strToU8('项目名称,单位'), '表.xlsx')).toMatch(/不是有效的 Excel 工作簿/u);
  });

  it('a .csv by its extension, other text as published text', () => {
    expect(sourceFormat(strToU8('a,b\n1,2\n'), '表.CSV', WHAT)).toBe('csv');
    expect(sourceFormat(fixture('gbk.csv'), '表.csv', WHAT)).toBe('csv');
    expect(sourceFormat(strToU8('a,b\n1,2\n'), '表.txt', WHAT)).toBe('text');
    expect(sourceFormat(strToU8('绩效目标表'), '表', WHAT)).toBe('text');
  });
});

describe('parseJobFor', () => {
  it('gives the worker the bytes of a workbook or CSV, the decoded text of a text', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = 'x';
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(parseJobFor(xlsx, 'a.txt', WHAT, { unit: '元' })).toEqual({
      kind: 'xlsx',
      bytes: xlsx,
      unit: '元',
    });
    const csv = strToU8('a,b\n');
    expect(parseJobFor(csv, 'a.csv', WHAT, {})).toEqual({ kind: 'csv', bytes: csv });
    expect(parseJobFor(strToU8('绩效'), 'a.txt', WHAT, { year: 2026 })).toEqual({
      kind: 'text',
      text: '绩效',
      year: 2026,
    });
    expect(() => parseJobFor(fixture('old.xls'), 'a.xls', WHAT, {})).toThrow(/另存为/u);
  });
});
