import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { Cents } from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import type { PrintModel, TableBlock } from '../../templates/export/model.ts';
import { mmToPt, pageSizePt } from '../../templates/export/units.ts';
import { LAYOUTS, layoutById } from '../../templates/layout/index.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { perRow } from '../../templates/layout/per-row.ts';
import type { FormCell, Layout, PerProjectLayout } from '../../templates/layout/types.ts';
import { inOrder, officialColumns } from './columns.ts';
import { buildNationalSample, NATIONAL } from './national-sample.ts';
import { SAMPLE } from './sample.ts';
import {
  docxPart,
  docxText,
  hasTool,
  HAS_POPPLER,
  HAS_SOFFICE,
  libreOfficeToPdf,
  pdftotext,
  pdfWords,
  squash,
  type PdfWord,
} from './tools.ts';

/**
 * Layouts are data (issue 11): every shipped layout, and a fourth one declared here as data
 * only, print the national sample (national-sample.ts) through the same exporters, to PDF and
 * DOCX, each with its own headers and one row per indicator. Page 1 of every layout is rendered
 * as a PNG; set JXMB_LAYOUT_PNG=<folder> to keep them and look at them.
 */

const label = (text: string, extra: Partial<FormCell> = {}): FormCell => ({
  label: text,
  ...extra,
});

/**
 * A Chongqing-style 项目支出绩效目标审批表 (../shared/fixtures/other-regions/fengjie-…): its own
 * header block, the 年度指标值 split into 计算符号 | 指标值 | 计量单位 with sentences whole in 指标值,
 * a 指标解释 column, no rows for empty categories, no signature block. Nothing but data.
 */
const approval: PerProjectLayout = {
  ...perProject,
  id: 'cq-approval',
  name: '项目支出绩效目标审批表',
  title: '项目支出绩效目标审批表',
  subtitle: '（{年度}年度）',
  infoLine: { left: '预算单位：{部门名称}', right: '金额单位：{金额单位}' },
  header: [
    {
      widths: [34, 53, 34, 53],
      rows: [
        {
          cells: [
            label('项目名称'),
            { field: 'project' },
            label('项目分类'),
            { field: 'category' },
          ],
        },
        {
          cells: [
            label('建设周期'),
            { field: 'period' },
            label('业务主管部门'),
            { field: 'department' },
          ],
        },
        { cells: [label('实施单位'), { field: 'unit', colSpan: 3 }] },
        { cells: [label('项目总体概况'), { field: 'overallGoal', colSpan: 3 }] },
        { cells: [label('年度主要目标和成果'), { field: 'goal', colSpan: 3 }] },
        {
          cells: [
            label('项目总预算'),
            { field: 'totalBudget' },
            label('当年年度预算'),
            { field: 'total' },
          ],
        },
        {
          cells: [
            label('其中：财政资金'),
            { field: 'fiscal' },
            label('其中：其它资金'),
            { field: 'other' },
          ],
        },
      ],
    },
  ],
  grid: {
    columns: [
      { field: 'level1', header: '一级指标', width: 22, align: 'center', merge: 'level1' },
      { field: 'level2', header: '二级指标', width: 24, align: 'center', merge: 'level2' },
      { field: 'name', header: '三级指标', width: 34, align: 'left' },
      {
        field: 'annualValue',
        part: 'operator',
        header: '计算符号',
        width: 16,
        align: 'center',
        fixed: true,
      },
      { field: 'annualValue', part: 'value', header: '指标值', width: 30, align: 'left' },
      {
        field: 'annualValue',
        part: 'unit',
        header: '计量单位',
        width: 16,
        align: 'center',
        fixed: true,
      },
      { field: 'explanation', header: '指标解释', width: 32, align: 'left' },
    ],
    emptyCategories: 'never',
    sentenceInParts: 'value',
  },
  signature: [],
};

const explanationOf = (name: string) => `反映${name.replace(/。$/u, '')}的完成情况`;

/** The national sample with a 指标解释 for every indicator of 培训经费. */
function withExplanations(doc: DocumentData): DocumentData {
  return {
    ...doc,
    units: doc.units.map((u) => ({
      ...u,
      projects: u.projects.map((p) =>
        p.name !== NATIONAL.project
          ? p
          : {
              ...p,
              indicators: p.indicators.map((i) => ({ ...i, explanation: explanationOf(i.name) })),
            },
      ),
    })),
  };
}

/** The document as a Guangzhou clerk has it: one value for both periods, 财政拨款 only. */
function plainMoneyAndValues(doc: DocumentData): DocumentData {
  return {
    ...doc,
    units: doc.units.map((u) => ({
      ...u,
      projects: u.projects.map((p) => ({
        ...p,
        totals: { ...p.totals, fiscal: p.totals.total, specialAccount: NONE, other: NONE },
        indicators: p.indicators.map((i) => ({
          ...i,
          annual: i.cycle,
          annualValue: i.cycleValue,
          annualFollowsCycle: true,
        })),
      })),
    })),
  };
}
const NONE = 0 as Cents;

const HAS_PDFTOPPM = HAS_POPPLER && hasTool('pdftoppm');
const PER_ROW_BASE = [
  '单位',
  '项目',
  '预算数',
  '年度目标',
  '一级指标',
  '二级指标',
  '三级指标',
  '指标性质',
  '指标值',
  '计量单位',
  '权重',
];

/** The tables of a model, in order. */
const tables = (model: PrintModel): TableBlock[] =>
  model.blocks.filter((b): b is TableBlock => b.kind === 'table');

/** The header texts of a table, each as one line. */
const headerTexts = (t: TableBlock): string[] =>
  t.header.flatMap((r) => r.cells.map((c) => squash(c.text)));

/**
 * What is printed in one column of a full-width table, page after page, from the top of the
 * table's header down (the highest word that is a line of one of its header texts), footers
 * left out.
 */
function columnText(
  words: readonly PdfWord[],
  layout: Layout,
  table: TableBlock,
  column: number,
): string {
  const { widths } = table;
  const pieces = new Set(table.header.flatMap((r) => r.cells.flatMap((c) => c.text.split('\n'))));
  let x = mmToPt(layout.page.margins.left);
  const edges = [x];
  for (const w of widths) edges.push((x += mmToPt(w)));
  const footerTop = pageSizePt(layout.page)[1] - mmToPt(layout.page.margins.bottom);
  const headerTop = new Map<number, number>();
  for (const w of words) {
    if (!pieces.has(w.text)) continue;
    headerTop.set(w.page, Math.min(headerTop.get(w.page) ?? Infinity, w.yMin));
  }
  return squash(
    words
      .filter(
        (w) =>
          w.yMin >= (headerTop.get(w.page) ?? Infinity) - 0.5 &&
          w.yMin < footerTop &&
          w.xMin >= edges[column]! - 0.5 &&
          w.xMin < edges[column + 1]! - 0.5,
      )
      .sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)
      .map((w) => w.text)
      .join(''),
  );
}

function expectInOrder(text: string, parts: readonly string[]): void {
  expect(inOrder(text, parts), `${parts.join(' | ')} in ${text.slice(0, 400)}…`).toBeNull();
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): [number, number] {
  const png = readFileSync(file);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('layouts are data: every layout prints through the same exporters', () => {
  let dir: string;
  let doc: DocumentData;
  const all: Layout[] = [...LAYOUTS, approval];
  const models: Record<string, PrintModel> = {};
  const pdf: Record<string, string> = {};
  const docx: Record<string, string> = {};
  const pngDir = process.env['JXMB_LAYOUT_PNG'];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-layouts-'));
    doc = withExplanations(buildNationalSample(dir).doc);
    for (const layout of all) {
      const model = buildPrintModel(doc, layout);
      models[layout.id] = model;
      pdf[layout.id] = path.join(dir, `${layout.id}.pdf`);
      writeFileSync(pdf[layout.id]!, (await renderPdf(model)).bytes);
      docx[layout.id] = path.join(dir, `${layout.id}.docx`);
      writeFileSync(docx[layout.id]!, await renderDocx(model));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const projects = () => doc.units.flatMap((u) => u.projects);
  const indicators = () => projects().flatMap((p) => printedIndicators(p));
  const xmlText = (id: string) => squash(docxText(docxPart(docx[id]!, 'word/document.xml')));

  it('ships official, per-project and per-row, each found by its id', () => {
    expect(LAYOUTS.map((l) => l.id)).toEqual(['official', 'per-project', 'per-row']);
    expect(layoutById('per-row')).toBe(perRow);
    expect(perRow.name).toBe('项目支出绩效指标汇总表（每行一个指标）');
    expect(indicators()).toHaveLength(38);
  });

  describe('official', () => {
    it('prints its seven headers, no header word cut in two, every indicator numbered', () => {
      const [table] = tables(models['official']!);
      expect(table!.header[0]!.cells.map((c) => c.text)).toEqual([
        '项目名称\n（资金使用单位）',
        '总计',
        '财政拨款',
        '财政专户\n拨款',
        '其他资金',
        '绩效目标',
        '绩效指标',
      ]);
      if (!HAS_POPPLER) return;
      const lines = pdftotext(pdf['official']!, '-layout', '-f', '1', '-l', '1').split('\n');
      const header = lines.findIndex((l) => l.includes('总计'));
      const band = lines.slice(header - 1, header + 2).join('\n');
      for (const piece of ['项目名称', '（资金使用单位）', '财政专户', '拨款'])
        expect(band).toContain(piece);
      expect(band).not.toMatch(/资金使用单\s|专户拨\s/);
      const got = officialColumns(pdfWords(pdf['official']!));
      expect(got[6]!.match(/\d+、\d-/g)).toHaveLength(indicators().length);
      expect(xmlText('official')).toContain('项目名称（资金使用单位）总计财政拨款财政专户拨款');
    });
  });

  describe('per-project', () => {
    it('a form per project: header block, a row per indicator and per empty category, signatures', () => {
      const model = models['per-project']!;
      const grids = tables(model).filter((t) => headerTexts(t)[0] === '一级指标');
      expect(grids).toHaveLength(projects().length);
      const categories = doc.tree.level1.flatMap((l1) => l1.level2).length;
      projects().forEach((p, i) => {
        const used = new Set(p.indicators.map((x) => x.level2.code)).size;
        expect(grids[i]!.rows, p.name).toHaveLength(p.indicators.length + categories - used);
      });
      // 经济效益 was left out of every project: each form says so with an empty row.
      const text = HAS_POPPLER ? squash(pdftotext(pdf['per-project']!)) : '';
      for (const t of [text, xmlText('per-project')].filter((x) => x !== '')) {
        expect(t.split('经济效益').length - 1).toBe(projects().length);
        expect(t.split('审核意见').length - 1).toBe(projects().length);
        expect(t.split('单位负责人签字').length - 1).toBe(projects().length);
        expectInOrder(
          t,
          indicators().map((x) => x.name),
        );
        for (const part of ['主管部门', '项目总体目标', NATIONAL.overallGoal, '年度目标'])
          expect(t).toContain(squash(part));
      }
    });
  });

  describe('per-row', () => {
    it('the eleven columns, then 财政专户拨款, 其他资金 and 实施周期指标值 because this document needs them', () => {
      const [table] = tables(models['per-row']!);
      expect(headerTexts(table!)).toEqual([
        '单位',
        '项目',
        '预算数',
        '财政专户拨款',
        '其他资金',
        '年度目标',
        '一级指标',
        '二级指标',
        '三级指标',
        '实施周期指标值',
        '指标性质',
        '指标值',
        '计量单位',
        '权重',
      ]);
      expect(table!.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(267, 6);
      // A row per indicator, and one for the project that has none.
      expect(table!.rows).toHaveLength(indicators().length + 1);
    });

    it('without them: exactly the eleven columns', () => {
      const plain = plainMoneyAndValues(doc);
      const [table] = tables(buildPrintModel(plain, perRow));
      expect(headerTexts(table!)).toEqual(PER_ROW_BASE);
      expect(table!.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(267, 6);
    });

    it('an empty document: the title, the eleven headers and one empty row, on one page', async () => {
      const file = path.join(dir, 'empty.jxmb');
      TargetDocument.create(file, { department: '空部门', year: 2026 });
      const opened = TargetDocument.open(file, { readonly: true });
      const empty = opened.snapshot();
      opened.close();
      const model = buildPrintModel(empty, perRow);
      const [table] = tables(model);
      expect(headerTexts(table!)).toEqual(PER_ROW_BASE);
      expect(table!.rows).toHaveLength(1);
      expect((await renderPdf(model)).pages).toBe(1);
    });

    it('merges a project’s cells down over its rows, its categories within it', () => {
      const [table] = tables(models['per-row']!);
      const training = projects()[0]!;
      const first = table!.rows[0]!.cells;
      expect(first.slice(0, 6).map((c) => [c.text, c.rowSpan])).toEqual([
        [doc.units[0]!.name, 4],
        [training.name, 4],
        ['38.41', 4],
        ['', 4],
        ['', 4],
        [training.goal.trim(), 4],
      ]);
      // 产出指标 over 11, 11; 数量指标 over the same two rows.
      expect(first.slice(6, 8).map((c) => [c.text, c.rowSpan])).toEqual([
        ['产出指标', 2],
        ['数量指标', 2],
      ]);
      // The second row has only its own cells: 三级, 实施周期, 性质, 值, 单位, 权重.
      expect(table!.rows[1]!.cells.map((c) => c.text)).toEqual([
        '干部任职培训',
        '优',
        '',
        '举办1次干部任职培训班（上半年）',
        '',
        '20',
      ]);
    });

    it.skipIf(!HAS_POPPLER)(
      'PDF: every column reads as the document, a sentence whole in 指标值',
      () => {
        const [table] = tables(models['per-row']!);
        const words = pdfWords(pdf['per-row']!);
        const col = (i: number) => columnText(words, perRow, table!, i);
        const headers = headerTexts(table!);
        const at = (h: string) => headers.indexOf(h);
        expectInOrder(
          col(at('三级指标')),
          indicators().map((x) => x.name),
        );
        // 指标性质 and 计量单位: the 年度指标值's structured parts only, in row order.
        expect(col(at('指标性质')).replaceAll('指标性质', '')).toBe('＝≥＝');
        expect(col(at('计量单位')).replaceAll('计量单位', '')).toBe('期%%');
        expectInOrder(col(at('指标值')), [
          '12',
          '举办1次干部任职培训班（上半年）',
          '打造高水平两新组织书记队伍。',
          '90',
          '100',
          '第1项',
        ]);
        expectInOrder(col(at('实施周期指标值')), ['＝36期', '优', '≥90%', '＝100%']);
        expectInOrder(
          col(at('项目')),
          projects().map((p) => p.name),
        );
        expectInOrder(col(at('其他资金')), ['65.50', '0.02']);
        expectInOrder(col(at('财政专户拨款')), ['0.56']);
        expect(col(at('权重')).replaceAll('权重', '')).toBe('30202030');
        const text = squash(pdftotext(pdf['per-row']!));
        expect(text).toContain(squash(doc.title));
        expect(text).toContain(`部门名称：${doc.department}`);
        expect(text).not.toContain(SAMPLE.emptyUnit);
      },
    );

    it('DOCX: the same header and every indicator in order, cells merged', () => {
      const xml = docxPart(docx['per-row']!, 'word/document.xml');
      const text = squash(docxText(xml));
      expect(text).toContain(
        '单位项目预算数财政专户拨款其他资金年度目标一级指标二级指标三级指标实施周期指标值指标性质指标值计量单位权重',
      );
      expectInOrder(
        text,
        indicators().map((x) => x.name),
      );
      expect(xml).toContain('<w:vMerge w:val="restart"/>');
      // One table per page the rows are planned on (kept-rows.ts), each under the header.
      const tables = xml.split('<w:tbl>').length - 1;
      expect(tables).toBeGreaterThanOrEqual(1);
      expect(xml.split('<w:tblHeader/>').length - 1).toBe(tables);
    });
  });

  describe('a fourth layout, declared in this test as data', () => {
    it('splits values, prints 指标解释, and no row for an empty category', () => {
      const model = models['cq-approval']!;
      const grids = tables(model).filter((t) => headerTexts(t)[0] === '一级指标');
      expect(grids.map(headerTexts)[0]).toEqual([
        '一级指标',
        '二级指标',
        '三级指标',
        '计算符号',
        '指标值',
        '计量单位',
        '指标解释',
      ]);
      projects().forEach((p, i) =>
        expect(grids[i]!.rows, p.name).toHaveLength(Math.max(1, p.indicators.length)),
      );
      const xml = xmlText('cq-approval');
      const printed = HAS_POPPLER ? squash(pdftotext(pdf['cq-approval']!)) : xml;
      for (const t of [xml, printed]) {
        expect(t).not.toContain('经济效益');
        expect(t).not.toContain('审核意见');
      }
      // The Word file in reading order; the PDF's text as pdftotext finds it.
      const parts = [
        '项目支出绩效目标审批表',
        '预算单位：',
        '项目名称',
        NATIONAL.project,
        '项目分类',
        NATIONAL.category,
        '建设周期',
        NATIONAL.period,
        '业务主管部门',
        doc.department,
        '项目总体概况',
        NATIONAL.overallGoal,
        '年度主要目标和成果',
        '项目总预算',
        NATIONAL.totalBudget,
        '指标解释',
        '举办公务员专题培训班',
        explanationOf('举办公务员专题培训班'),
        '干部任职培训',
        '举办1次干部任职培训班（上半年）',
        explanationOf('干部任职培训'),
      ];
      expectInOrder(xml, parts);
      for (const part of parts) expect(printed).toContain(squash(part));
      if (HAS_POPPLER) {
        const words = pdfWords(pdf['cq-approval']!).filter((w) => w.page === 1);
        const col = (i: number) => columnText(words, approval, grids[0]!, i);
        // Page 1 holds 培训经费's form: its two structured 年度指标值, split.
        expect(col(3)).toContain('计算符号＝');
        expect(col(3)).toMatch(/≥$/);
        expectInOrder(col(4), ['指标值', '12', '举办1次干部任职培训班（上半年）', '90']);
        expectInOrder(col(5), ['计量单位', '期', '%']);
      }
    });
  });

  it.skipIf(!HAS_SOFFICE || !HAS_POPPLER)(
    'LibreOffice opens each layout’s DOCX and prints the same texts',
    () => {
      const out = path.join(dir, 'lo');
      libreOfficeToPdf(
        all.map((l) => docx[l.id]!),
        out,
      );
      for (const layout of all) {
        const file = path.join(out, `${layout.id}.pdf`);
        pdf[`lo-${layout.id}`] = file;
        const text = squash(pdftotext(file));
        const wanted = {
          official: ['项目名称（资金使用单位）', '绩效指标'],
          'per-project': ['项目总体目标', '审核意见', '经济效益'],
          'per-row': ['实施周期指标值', '指标性质', '计量单位'],
          'cq-approval': ['年度主要目标和成果', '指标解释', explanationOf('干部任职培训')],
        }[layout.id]!;
        for (const t of [...wanted, NATIONAL.project, '举办公务员专题培训班'])
          expect(text, `${layout.id}: ${t}`).toContain(squash(t));
      }
    },
    180_000,
  );

  it.skipIf(!HAS_PDFTOPPM)('renders page 1 of every layout as PNG, in its orientation', () => {
    const target = pngDir ?? path.join(dir, 'png');
    mkdirSync(target, { recursive: true });
    for (const key of [...all.map((l) => l.id), ...all.map((l) => `lo-${l.id}`)]) {
      const file = pdf[key];
      if (file === undefined) continue;
      const stem = path.join(target, key);
      execFileSync('pdftoppm', [
        '-r',
        '60',
        '-png',
        '-singlefile',
        '-f',
        '1',
        '-l',
        '1',
        file,
        stem,
      ]);
      const [w, h] = pngSize(`${stem}.png`);
      const layout = all.find((l) => key.endsWith(l.id))!;
      expect(w > h, key).toBe(layout.page.orientation === 'landscape');
      if (pngDir) copyFileSync(file, `${stem}.pdf`);
    }
  });
});
