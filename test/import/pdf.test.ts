import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../db/shared/errors.ts';
import { importPublishedText, ImportError } from '../../db/import/index.ts';
import { readTableLayout, type PageContent, type PageText } from '../../db/import/pdf-layout.ts';
import {
  extractPdfText,
  importPdfText,
  importPublishedPdf,
  type PdfText,
} from '../../db/import/published-pdf.ts';
import { loadSource, rollover } from '../../db/rollover/index.ts';
import { importPdf } from '../../db/import/pdf-import.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { bundledFont } from '../../templates/export/fonts.ts';
import { HAS_SOFFICE, libreOfficeToPdf } from '../export/tools.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import {
  documentOf,
  expectedDraft,
  exportDocx,
  exportPdf,
  printable,
  richDraft,
  type FontChoice,
} from './pdf-docs.ts';

// A published table read from its PDF must give back the document that was printed: every
// unit, project, amount in its own column, goal and indicator. The PDFs are made by the
// project's own exporter (with a font of the system and with the bundled one) and by
// LibreOffice from the DOCX export (another layout engine, other fonts, other line breaks).

interface Case {
  readonly name: string;
  readonly doc: DocumentData;
}

let dir: string;
const cases: Case[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jxmb-pdf-import-'));
  cases.push({ name: 'small', doc: documentOf(richDraft(), path.join(dir, 'small.jxmb')) });
  if (HAS_PANYU) {
    const { draft } = importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8'));
    cases.push({ name: 'panyu', doc: documentOf(draft, path.join(dir, 'panyu.jxmb')) });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caseNamed = (name: string) => cases.find((c) => c.name === name)!;

describe('import of a PDF printed by the exporter', () => {
  for (const fonts of ['system', 'bundled'] as FontChoice[]) {
    it(`gives back the small table, with its additions (${fonts} font)`, async () => {
      const { doc } = caseNamed('small');
      const pdf = await exportPdf(doc, fonts);
      expect(pdf.pages).toBeGreaterThanOrEqual(3);
      const { draft, notes } = await importPublishedPdf(pdf.bytes);
      expect(printable(draft)).toEqual(expectedDraft(doc));
      expect(notes).toEqual([]);
    });

    it.skipIf(!HAS_PANYU)(`gives back the published fixture (${fonts} font)`, async () => {
      const { doc } = caseNamed('panyu');
      const pdf = await exportPdf(doc, fonts);
      const { draft, notes } = await importPublishedPdf(pdf.bytes);
      expect(printable(draft)).toEqual(expectedDraft(doc));
      expect(draft.units.flatMap((u) => u.projects)).toHaveLength(51);
      expect(notes).toEqual([]);
    });
  }

  it('reads each amount in its column, where the text of the same table leaves a guess', async () => {
    const { doc } = caseNamed('small');
    const { draft } = await importPublishedPdf((await exportPdf(doc, 'bundled')).bytes);
    const centre = draft.units.find((u) => u.name === '示例区青少年活动中心')!;
    expect(centre.projects.map((p) => p.amounts)).toEqual([
      { fiscal: 0, specialAccount: 3_000_000, other: 0 },
      { fiscal: 0, specialAccount: 0, other: 3_000_000 },
    ]);
    // The same two rows as text (`3.00 3.00`): the totals allow either reading.
    const text = importPublishedText(
      [
        '示例单位 2025年项目支出绩效目标表（含转移支付项目）',
        '部门名称：示例单位 单位：万元',
        '合计 6.00 3.00 3.00',
        '示例区青少年活动中心 6.00 3.00 3.00',
        '    学生营养餐专户资金 3.00 3.00',
        '按标准发放学生营养餐补助。',
        '    教职工党支部党费返拨 3.00 3.00',
        '开展党员教育活动。',
      ].join('\n'),
    );
    expect(text.notes.some((n) => n.severity === 'warning' && n.message.includes('请核对'))).toBe(
      true,
    );
  });

  it('splits a tall project over pages and joins it again', async () => {
    const { doc } = caseNamed('small');
    const pdf = await exportPdf(doc, 'bundled');
    const { pages } = await extractPdfText(pdf.bytes);
    const continued = pages.filter((p) => p.items.some((i) => i.text.includes('（续）')));
    expect(continued.length).toBeGreaterThanOrEqual(2);
    const { draft } = await importPublishedPdf(pdf.bytes);
    const tall = draft.units[2]!.projects[1]!;
    expect(tall.indicators).toHaveLength(36);
    expect(tall.indicators[0]!.cycleValue).toContain('ISO 9001');
  });
});

describe('what else a PDF may look like', () => {
  let pdf: PdfText;
  beforeAll(async () => {
    pdf = await extractPdfText((await exportPdf(caseNamed('small').doc, 'bundled')).bytes);
  });

  it('keeps a title of its own, broken over two lines', () => {
    const titleLines = pdf.pages[0]!.items.filter((i) => i.size === 16);
    expect(titleLines).toHaveLength(2);
    expect(importPdfText(pdf).draft.title).toBe(caseNamed('small').doc.title);
  });

  it('reads on where a page does not repeat the header row', () => {
    const pages = pdf.pages.map((p, n): PageContent => {
      if (n === 0) return p;
      const header = p.items.find((i) => i.text === '绩效指标')!;
      return { ...p, items: p.items.filter((i) => i.y > header.y + header.size) };
    });
    expect(pages[1]!.items.some((i) => i.text === '总计')).toBe(false);
    const { draft } = importPdfText({ ...pdf, pages });
    expect(printable(draft)).toEqual(expectedDraft(caseNamed('small').doc));
  });

  it('places amounts that came out as one run of text', () => {
    // 合计's 财政专户拨款 and 其他资金 as one item, as pdf.js gives cells close together.
    const [first, ...rest] = pdf.pages;
    const special = first!.items.find((i) => i.text === '23.50')!;
    const other = first!.items.find((i) => i.text === '5.01')!;
    const merged = {
      ...special,
      text: '23.50 5.01',
      width: other.x + other.width - special.x,
    };
    const items = first!.items.flatMap((i) => (i === special ? [merged] : i === other ? [] : [i]));
    const { draft, notes } = importPdfText({ ...pdf, pages: [{ ...first!, items }, ...rest] });
    expect(printable(draft)).toEqual(expectedDraft(caseNamed('small').doc));
    expect(notes).toEqual([]);
  });

  it('says which page it cannot read when the first has no header row', () => {
    const pages = pdf.pages.map((p, n): PageContent => {
      if (n !== 0) return p;
      return { ...p, items: p.items.filter((i) => i.text !== '总计') };
    });
    expect(() => importPdfText({ ...pdf, pages })).toThrow(/^第 1 页：找不到表头/);
  });
});

// LibreOffice as installed: no fontconfig alias for 宋体 (the DOCX's own font names must find a
// Song face), and its own line breaks, which the DOCX must keep out of numbers.
describe.skipIf(!HAS_SOFFICE)('import of a PDF printed by LibreOffice from the DOCX', () => {
  const converted = new Map<string, string>();
  beforeAll(async () => {
    const lo = path.join(dir, 'lo');
    const files: string[] = [];
    for (const c of cases) {
      const file = path.join(dir, `${c.name}.docx`);
      await exportDocx(c.doc, file);
      files.push(file);
    }
    libreOfficeToPdf(files, lo, { asInstalled: true });
    for (const c of cases) converted.set(c.name, path.join(lo, `${c.name}.pdf`));
  }, 180_000);

  it('gives back the small table, with its additions', async () => {
    const { draft, notes } = await importPublishedPdf(readFileSync(converted.get('small')!));
    expect(printable(draft)).toEqual(expectedDraft(caseNamed('small').doc));
    expect(notes).toEqual([]);
  });

  it.skipIf(!HAS_PANYU)('gives back the published fixture: 273 of 273 indicators', async () => {
    const { draft, notes } = await importPublishedPdf(readFileSync(converted.get('panyu')!));
    const want = expectedDraft(caseNamed('panyu').doc) as Printed;
    const got = printable(draft) as Printed;
    const projects = (d: Printed) => d.units.flatMap((u) => u.projects);
    const gotProjects = projects(got);
    const indicators = projects(want).flatMap((p, i) =>
      p.indicators.map((ind, k) => [ind, gotProjects[i]?.indicators[k]] as const),
    );
    expect(indicators).toHaveLength(273);
    const exact = indicators.filter(([a, b]) => JSON.stringify(a) === JSON.stringify(b));
    expect(exact).toHaveLength(273);
    expect(gotProjects.filter((p) => /\d \d/u.test(p.goal)).map((p) => p.name)).toEqual([]);
    expect(got).toEqual(want);
    expect(notes).toEqual([]);
  });

  it('gives back the same through the PDF entry every host uses', async () => {
    // importPdf (rollover, import, 由上年文件新建) must know the PDF came from our DOCX too:
    // the small table's `ISO 9001` broken at its space keeps the space only then.
    for (const name of HAS_PANYU ? ['small', 'panyu'] : ['small']) {
      const { draft, notes } = await importPdf(readFileSync(converted.get(name)!));
      expect(printable(draft), name).toEqual(expectedDraft(caseNamed(name).doc));
      expect(notes, name).toEqual([]);
    }
  });

  it.skipIf(!HAS_PANYU)('finds no number broken over two lines', async () => {
    const { pages } = await extractPdfText(readFileSync(converted.get('panyu')!));
    const broken: string[] = [];
    for (const row of readTableLayout(pages).rows) {
      for (const lines of row.cells) {
        lines.forEach((l, i) => {
          const next = lines[i + 1];
          if (next && /\d$/u.test(l.text) && /^\d/u.test(next.text)) {
            broken.push(`${l.text}|${next.text}`);
          }
        });
      }
    }
    expect(broken).toEqual([]);
  });
});

interface Printed {
  readonly units: readonly {
    readonly projects: readonly { name: string; goal: string; indicators: readonly unknown[] }[];
  }[];
}

/**
 * One page of a table as another program lays it out: a project whose 绩效目标 cell has the
 * lines given, in a 9 pt body font, left-aligned in a cell 200 pt wide; the column's text is as
 * wide as its longest line.
 */
function pageWithGoal(goalLines: readonly string[], keywords = ''): PdfText {
  const size = 9;
  const item = (text: string, x: number, y: number, s = size): PageText => ({
    text,
    x,
    y,
    width: [...text].reduce((w, ch) => w + (/[\x20-\x7e]/u.test(ch) ? 0.5 : 1) * s, 0),
    size: s,
  });
  const centred = (text: string, centre: number, y: number): PageText => {
    const i = item(text, 0, y);
    return { ...i, x: centre - i.width / 2 };
  };
  const right = (text: string, edge: number, y: number): PageText => {
    const i = item(text, 0, y);
    return { ...i, x: edge - i.width };
  };
  const edges = [40, 200, 260, 320, 380, 440, 640, 800];
  const labels = ['项目名称（资金使用单位）', '总计', '财政拨款', '财政专户拨款', '其他资金'];
  const items: PageText[] = [
    item('示例单位 2025年项目支出绩效目标表', 300, 40, 16),
    item('部门名称：示例单位', 40, 70, 10.5),
    item('单位：万元', 750, 70, 10.5),
    ...[...labels, '绩效目标', '绩效指标'].map((l, i) =>
      centred(l, (edges[i]! + edges[i + 1]!) / 2, 100),
    ),
  ];
  const amounts = (y: number) => [255, 315].map((edge) => right('1.00', edge, y));
  items.push(item('合计', 45, 125), ...amounts(125));
  items.push(item('示例单位', 45, 145), ...amounts(145));
  items.push(item('示例项目', 54, 165), ...amounts(165));
  goalLines.forEach((text, i) => items.push(item(text, 445, 165 + 12 * i)));
  return { pages: [{ page: 1, items }], creator: 'Writer', keywords };
}

describe('lines joined again', () => {
  it('never puts a space inside a number broken over two lines', () => {
    // LibreOffice moves `1〕` down whole, as `〕` may not start a line: room is left after 202.
    const { draft } = importPdfText(pageWithGoal(['依据穗财行〔202', '1〕72号文件开展工作。']));
    expect(draft.units[0]!.projects[0]!.goal).toBe('依据穗财行〔2021〕72号文件开展工作。');
  });

  it('still puts back the space of two Latin words broken at it', () => {
    const { draft } = importPdfText(pageWithGoal(['通过ISO', '9001认证。']));
    expect(draft.units[0]!.projects[0]!.goal).toBe('通过ISO 9001认证。');
  });

  it('takes a full line of a PDF printed from the program’s DOCX as broken at a space', () => {
    const lines = ['按期完成培训并通过ISO', '9001认证。'];
    // Another program's PDF: a full line broke inside a word.
    expect(importPdfText(pageWithGoal(lines)).draft.units[0]!.projects[0]!.goal).toBe(
      '按期完成培训并通过ISO9001认证。',
    );
    // Printed from the DOCX, whose Latin text is English: broken at spaces only.
    const fromDocx = importPdfText(pageWithGoal(lines, '绩效目标表编制器'));
    expect(fromDocx.draft.units[0]!.projects[0]!.goal).toBe('按期完成培训并通过ISO 9001认证。');
  });
});

// ---- what does not add up, and what is not such a table -----------------------------------

/** The pages of a PDF with the `nth` piece of text (0 = first) that `match` accepts edited. */
function editText(
  pdf: PdfText,
  match: (text: string) => boolean,
  edit: (text: string) => string,
  nth = 0,
): PdfText {
  let seen = 0;
  const pages = pdf.pages.map((p): PageContent => ({
    ...p,
    items: p.items.flatMap((i) => {
      if (!match(i.text) || seen++ !== nth) return [i];
      const text = edit(i.text);
      return text === '' ? [] : [{ ...i, text }];
    }),
  }));
  if (seen <= nth) throw new Error('no such text in the pages');
  return { ...pdf, pages };
}

const is = (s: string) => (text: string) => text === s;

describe('a PDF whose figures do not add up', () => {
  let pdf: PdfText;
  beforeAll(async () => {
    pdf = await extractPdfText((await exportPdf(caseNamed('small').doc, 'bundled')).bytes);
  });

  it('imports the projects as printed and names the page of each row that does not add up', () => {
    // 区教育局本级: its 财政拨款 printed wrong, and 合计's 总计.
    const { notes } = importPdfText(editText(pdf, is('1,065.00'), () => '1,066.00'));
    expect(notes.map((n) => [n.severity, n.page])).toEqual([
      ['warning', 1],
      ['warning', 1],
    ]);
    expect(notes[0]!.message).toContain('区教育局本级');
    expect(notes[1]!.message).toContain('与其项目之和');
  });

  it('takes a project row with only a 总计 as 财政拨款, and says so', () => {
    // The row prints 15.00 twice: 总计, then 财政拨款.
    const { draft, notes } = importPdfText(editText(pdf, is('15.00'), () => '', 1));
    const project = draft.units[0]!.projects.find((p) => p.name === '校园安全设施维护')!;
    expect(project.amounts).toEqual({ fiscal: 15_000_000, specialAccount: 0, other: 0 });
    expect(notes.some((n) => n.message.includes('只印有总计'))).toBe(true);
  });

  it('refuses an amount cell it cannot read, naming the page', () => {
    expect(() => importPdfText(editText(pdf, is('1,065.00'), () => '1,O65.00'))).toThrow(
      /^第 1 页：金额栏中的“1,O65.00”不是金额/,
    );
  });

  it('refuses an indicator list it cannot read, naming the page', () => {
    const has = (text: string) => text.includes('实施周期指标值:');
    const p = pdf.pages.findIndex((pg) => pg.items.some((i) => has(i.text)));
    let error: unknown;
    try {
      importPdfText(editText(pdf, has, (t) => t.replace('实施周期指标值:', '实施:')));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).page).toBe(p + 1);
    expect((error as Error).message).toMatch(new RegExp(`^第 ${p + 1} 页：项目“`));
  });
});

/** A small PDF made with pdfkit: `draw` puts whatever on its one page. */
async function makePdf(
  draw: (doc: PDFKit.PDFDocument) => void,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  draw(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function refusal(bytes: Uint8Array): Promise<Error> {
  try {
    await importPublishedPdf(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toMatch(/\n\s+at /);
    return e as Error;
  }
  throw new Error('imported');
}

describe('a PDF that is not a published table', () => {
  it('is not a PDF at all', async () => {
    expect((await refusal(Buffer.from('合计 1.00 1.00'))).message).toContain('不是 PDF 文件');
  });

  it('is a damaged PDF', async () => {
    const bytes = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
    expect((await refusal(bytes)).message).toContain('无法读取 PDF 文件');
  });

  it('needs a password', async () => {
    const bytes = await makePdf((d) => d.text('secret'), { userPassword: 'x', pdfVersion: '1.7' });
    expect((await refusal(bytes)).message).toContain('已加密');
  });

  it('has no text (a scan)', async () => {
    const bytes = await makePdf((d) => d.rect(50, 50, 200, 100).fill('black'));
    expect((await refusal(bytes)).message).toMatch(/^第 1 页：没有可以提取的文字/);
  });

  it('is some other document', async () => {
    const font = bundledFont().regular.file;
    const bytes = await makePdf((d) => {
      d.font(font).fontSize(12).text('关于印发2024年部门预算的通知');
      d.text('总计 财政拨款 其他资金');
    });
    expect((await refusal(bytes)).message).toMatch(/^第 1 页：找不到表头/);
  });
});

describe('next year’s table from last year’s PDF', () => {
  it('loads a PDF source', async () => {
    const file = path.join(dir, 'last-year.pdf');
    const { doc } = caseNamed('small');
    writeFileSync(file, (await exportPdf(doc, 'bundled')).bytes);
    const source = await loadSource(file);
    expect(source.kind).toBe('pdf');
    expect(printable(source.draft)).toEqual(expectedDraft(doc));
    const target = path.join(dir, 'next-year.jxmb');
    const { review } = await rollover(file, target);
    expect(review.year).toBe(doc.year + 1);
    expect(existsSync(target)).toBe(true);
  });

  it('writes nothing from a PDF it cannot read', async () => {
    const sub = mkdtempSync(path.join(dir, 'broken-'));
    const file = path.join(sub, 'broken.pdf');
    writeFileSync(file, await makePdf((d) => d.text('Hello')));
    await expect(rollover(file, path.join(sub, 'out.jxmb'))).rejects.toThrow(UserError);
    expect(readdirSync(sub)).toEqual(['broken.pdf']);
  });
});
