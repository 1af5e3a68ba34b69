import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserHost } from '../../cli/web/host.ts';
import { DocumentWindows, type DocumentWindow } from '../../electron/documents.ts';
import { ElectronHost } from '../../electron/host.ts';
import { RecentDocuments } from '../../electron/recent.ts';
import { REVIEW_SHEET } from '../../templates/export/review-list/xlsx.ts';
import { addWindow, FakeDesktop, makeDocument, type FakeWindow } from '../electron/fakes.ts';
import { tempDir } from '../helpers.ts';
import { HAS_POPPLER, pdftotext, squash } from './tools.ts';
import { loadWorkbook, readWorkbook } from './xlsx-tools.ts';

/**
 * 导出审核清单 through the hosts, as the findings panel asks for it (`exportDocument` with
 * `review-pdf` / `review-xlsx`): the host service names the file and asks where, the export
 * worker renders it.
 */

const TITLE = squash('区委组织部 2025年项目支出绩效目标表 审核清单');

describe('导出审核清单 in the desktop program (save dialog, export worker)', () => {
  let dir: string;
  let windows: DocumentWindows<FakeWindow>;
  let desktop: FakeDesktop;
  let host: ElectronHost<FakeWindow>;
  let win: DocumentWindow<FakeWindow>;

  beforeEach(async () => {
    dir = tempDir();
    windows = new DocumentWindows();
    desktop = new FakeDesktop(dir);
    host = new ElectronHost(
      windows,
      new RecentDocuments(path.join(dir, 'user', 'recent.json')),
      desktop,
    );
    win = addWindow(windows, 'w');
    desktop.answers.push(makeDocument(path.join(dir, '表.jxmb')));
    await host.service.handlers.openDocument(win, {});
    return () => {
      windows.closeAll();
      for (const s of desktop.opened) s.close();
    };
  });

  it.skipIf(!HAS_POPPLER)(
    'PDF: proposes 表-审核清单.pdf beside the document, writes the list',
    async () => {
      const file = path.join(dir, '表-审核清单.pdf');
      desktop.answers.push(file);
      expect(await host.service.handlers.exportDocument(win, { format: 'review-pdf' })).toEqual({
        name: '表-审核清单.pdf',
      });
      const request = desktop.dialogs.at(-1)!.request;
      expect(request).toMatchObject({
        title: '导出审核清单（PDF）',
        defaultPath: file,
        filters: [{ name: '审核清单 PDF 文件', extensions: ['pdf'] }],
      });
      const text = squash(pdftotext(file));
      expect(text).toContain(TITLE);
      // The sample project has no indicators: the checks say so, and the list prints it.
      expect(text).toContain('党员教育培训');
      expect(text).toContain('未核对');
    },
  );

  it('Excel: proposes 表-审核清单.xlsx, whatever layout the page has chosen', async () => {
    const file = path.join(dir, '表-审核清单.xlsx');
    desktop.answers.push(file);
    expect(
      await host.service.handlers.exportDocument(win, { format: 'review-xlsx', layout: 'per-row' }),
    ).toEqual({ name: '表-审核清单.xlsx' });
    expect(desktop.dialogs.at(-1)!.request).toMatchObject({
      title: '导出审核清单（Excel）',
      defaultPath: file,
      filters: [{ name: '审核清单 Excel 工作簿', extensions: ['xlsx'] }],
    });
    const book = await readWorkbook(file);
    expect(book.worksheets.map((s) => s.name)).toEqual([REVIEW_SHEET]);
    expect(squash(String(book.worksheets[0]!.getCell('A1').value))).toBe(TITLE);
  });
});

describe('导出审核清单 in browser mode (a download)', () => {
  it('names the download <文件名>-审核清单 with its type; refuses a format that does not exist', async () => {
    const dir = tempDir();
    const host = new BrowserHost(dir, 'test');
    try {
      host.openFromCommandLine(makeDocument(path.join(dir, '表.jxmb')));
      // The review list prints no layout: one the page names is not looked up.
      const xlsx = await host.exportFile({ format: 'review-xlsx', layout: 'nope' });
      expect(xlsx).toMatchObject({
        name: '表-审核清单.xlsx',
        format: 'review-xlsx',
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
      expect((await loadWorkbook(xlsx.bytes)).worksheets.map((s) => s.name)).toEqual([
        REVIEW_SHEET,
      ]);
      const pdf = await host.exportFile({ format: 'review-pdf' });
      expect(pdf).toMatchObject({ name: '表-审核清单.pdf', mime: 'application/pdf' });
      expect(Buffer.from(pdf.bytes).subarray(0, 5).toString()).toBe('%PDF-');
      await expect(host.exportFile({ format: 'review-docx' })).rejects.toThrow(
        '请求内容无效（format：导出格式应为 pdf、docx、xlsx、review-pdf 或 review-xlsx）',
      );
    } finally {
      host.close();
    }
  });
});
