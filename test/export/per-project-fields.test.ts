import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentData } from '../../db/shared/types.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import type { PrintModel, TableBlock } from '../../templates/export/model.ts';
import { mmToPt, mmToTwip } from '../../templates/export/units.ts';
import { official } from '../../templates/layout/official.ts';
import {
  indicatorColumns,
  NATIONAL_HEADER,
  perProject,
} from '../../templates/layout/per-project.ts';
import type { PerProjectLayout } from '../../templates/layout/types.ts';
import { inOrder, perProjectBaseColumns } from './columns.ts';
import { buildNationalSample, NATIONAL, withoutNationalFields } from './national-sample.ts';
import { SAMPLE } from './sample.ts';
import {
  docxPart,
  docxText,
  HAS_POPPLER,
  HAS_SOFFICE,
  libreOfficeToPdf,
  pdfPages,
  pdfPageSize,
  pdftotext,
  pdfWords,
  squash,
  type PdfWord,
} from './tools.ts';

/**
 * The per-project 申报表 with the national fields (issue 10): what a clerk reads in each cell of
 * the printed PDF and the Word file, for the built-in layout (merged values) and a layout that
 * splits them into 计算符号 | 指标值 | 计量单位; and the official layout, which prints none of them.
 */

const split: PerProjectLayout = {
  ...perProject,
  id: 'per-project-split',
  grid: { ...perProject.grid, columns: indicatorColumns('split') },
};

/** The two tables of a project's form in a print model: header block and indicator table. */
function projectTables(model: PrintModel, name: string): [TableBlock, TableBlock] {
  const i = model.blocks.findIndex((b) => b.kind === 'table' && b.rows[0]?.cells[1]?.text === name);
  const info = model.blocks[i];
  const indicators = model.blocks[i + 1];
  if (info?.kind !== 'table' || indicators?.kind !== 'table') throw new Error(`no form of ${name}`);
  return [info, indicators];
}

/** Column edges (pt) of a table that fills the width between the margins. */
function edges(widths: readonly number[], layout: PerProjectLayout): number[] {
  const out = [mmToPt(layout.page.margins.left)];
  for (const w of widths) out.push(out[out.length - 1]! + mmToPt(w));
  return out;
}

/** Reading order: top to bottom, a line's words left to right. */
function byLine(a: PdfWord, b: PdfWord): number {
  return Math.abs(a.yMin - b.yMin) < 2 ? a.xMin - b.xMin : a.yMin - b.yMin;
}

/** What is printed in columns `from`…`to` (inclusive) of the given words. */
function columnText(words: readonly PdfWord[], x: readonly number[], from: number, to = from) {
  return squash(
    words
      .filter((w) => w.xMin >= x[from]! - 0.5 && w.xMin < x[to + 1]! - 0.5)
      .sort(byLine)
      .map((w) => w.text)
      .join(''),
  );
}

/** The words of the page that starts a project's form: its header block and its indicator grid. */
function formWords(file: string, name: string): { info: PdfWord[]; indicators: PdfWord[] } {
  const pages = pdfPages(file);
  for (let n = 1; n <= pages; n++) {
    const text = squash(pdftotext(file, '-f', String(n), '-l', String(n)));
    if (!text.startsWith(squash(perProject.title)) || !text.includes(squash(name))) continue;
    const footerTop = pdfPageSize(file)[1] - mmToPt(perProject.page.margins.bottom);
    const words = pdfWords(file).filter((w) => w.page === n && w.yMin < footerTop);
    const top = Math.min(
      ...words
        .filter((w) => w.text.startsWith('一级指标') || w.text.startsWith('实施周期指标值'))
        .map((w) => w.yMin),
    );
    // The signature block under the grid, if it is on this page.
    const signatures = Math.min(
      ...words.filter((w) => w.text.startsWith('审核意见')).map((w) => w.yMin),
    );
    return {
      info: words.filter((w) => w.yMax < top),
      indicators: words.filter((w) => w.yMin >= top - 0.5 && w.yMin < signatures - 0.5),
    };
  }
  throw new Error(`no page for ${name}`);
}

function expectInOrder(text: string, parts: readonly string[]): void {
  expect(inOrder(text, parts), `${parts.join(' | ')} in ${text}`).toBeNull();
}

describe('the per-project 申报表 with the national fields', () => {
  let dir: string;
  let base: DocumentData;
  let doc: DocumentData;
  const files: Record<string, string> = {};
  const models: Record<string, PrintModel> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-fields-'));
    ({ base, doc } = buildNationalSample(dir));
    for (const [key, d, layout] of [
      ['merged', doc, perProject],
      ['split', doc, split],
      ['official', doc, official],
      ['official-without', withoutNationalFields(doc), official],
    ] as const) {
      const model = buildPrintModel(d, layout);
      models[key] = model;
      files[`${key}.pdf`] = path.join(dir, `${key}.pdf`);
      writeFileSync(files[`${key}.pdf`]!, (await renderPdf(model)).bytes);
      files[`${key}.docx`] = path.join(dir, `${key}.docx`);
      writeFileSync(files[`${key}.docx`]!, await renderDocx(model));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('official layout: prints exactly what it prints without them', () => {
    expect(models['official']).toEqual(models['official-without']);
    const xml = (key: string) => docxPart(files[`${key}.docx`]!, 'word/document.xml');
    expect(xml('official')).toBe(xml('official-without'));
    if (HAS_POPPLER) {
      const text = (key: string) => pdftotext(files[`${key}.pdf`]!, '-layout');
      expect(text('official')).toBe(text('official-without'));
      expect(text('official')).not.toContain('项目总体目标');
    }
  });

  it('a document of sentences only: five columns and the short header block, either layout', () => {
    for (const layout of [perProject, split]) {
      const model = buildPrintModel(base, layout);
      expect(model).toEqual(buildPrintModel(withoutNationalFields(base), perProject));
      const [info, indicators] = projectTables(model, NATIONAL.project);
      const five = perProjectBaseColumns;
      expect(info.widths).toEqual(five.map((c) => c.width));
      expect(indicators.widths).toEqual(five.map((c) => c.width));
      expect(indicators.header.map((r) => r.cells.map((c) => c.text))).toEqual([
        five.map((c) => c.header),
      ]);
      expect(info.rows.map((r) => r.cells[0]?.text)).toContain('绩效目标');
    }
  });

  describe.skipIf(!HAS_POPPLER)('PDF', () => {
    it('header block: 主管部门, 性质, 类别, 实施期, 项目资金总额 beside the year’s money, 上年结转, both goals side by side', () => {
      const { info } = formWords(files['merged.pdf']!, NATIONAL.project);
      const x = edges(NATIONAL_HEADER.widths, perProject);
      const training = base.units[0]!.projects[0]!;
      const unit = base.units[0]!.name;
      expectInOrder(columnText(info, x, 0), [
        '项目名称',
        '主管部门',
        '项目性质',
        '实施期',
        '项目资金（万元）',
        '绩效目标',
      ]);
      expectInOrder(columnText(info, x, 1), [
        NATIONAL.project,
        doc.department,
        NATIONAL.nature,
        NATIONAL.period,
        '项目资金总额',
        NATIONAL.totalBudget,
      ]);
      expectInOrder(columnText(info, x, 3), ['资金使用单位', '项目类别', '财政拨款']);
      expectInOrder(columnText(info, x, 4, 6), [unit]);
      // 项目总体目标 beside 年度目标, each over its text.
      expectInOrder(columnText(info, x, 1, 3), ['项目总体目标', NATIONAL.overallGoal]);
      expectInOrder(columnText(info, x, 4, 6), ['年度目标', training.goal]);
      expectInOrder(columnText(info, x, 2, 5), [
        '项目类别',
        NATIONAL.category,
        '年度资金',
        '总计',
        '财政拨款',
        '财政专户拨款',
        '其他资金',
        '38.41',
        '38.41',
      ]);
      expectInOrder(columnText(info, x, 2), ['总计', '38.41']);
      expectInOrder(columnText(info, x, 3), ['项目类别', '财政拨款', '38.41']);
      expectInOrder(columnText(info, x, 6), ['上年结转', NATIONAL.carryOver]);
      expect(columnText(info, x, 0)).not.toContain('年度目标');
    });

    it('indicators: merged values, 权重 and 依据 in their own columns', () => {
      const { indicators } = formWords(files['merged.pdf']!, NATIONAL.project);
      const [, table] = projectTables(models['merged']!, NATIONAL.project);
      expect(table.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(174, 6);
      const x = edges(table.widths, perProject);
      const col = (i: number) => columnText(indicators, x, i);
      const headers = ['一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值'];
      [...headers, '权重', '指标值设定依据'].forEach((h, i) =>
        expect(col(i)).toMatch(new RegExp(`^${h}`)),
      );
      // Printed order: 11, 11, 22, 31.
      expectInOrder(col(2), [
        '举办公务员专题培训班',
        '干部任职培训',
        '打造高水平两新组织书记队伍。',
        '参训人员满意度',
      ]);
      expectInOrder(col(3), ['＝36期', '优', '打造高水平两新组织书记队伍。', '≥90%']);
      expectInOrder(col(4), [
        '＝12期',
        '举办1次干部任职培训班（上半年）',
        '打造高水平两新组织书记队伍。',
        '≥90%',
      ]);
      expect(col(5)).toBe('权重30202030');
      expect(col(6)).toBe(squash('指标值设定依据历史标准：2024年举办12期计划标准'));
    });

    it('a project with fewer fields: empty cells where the document has a field it lacks, no 权重 or 依据 columns', () => {
      const { info, indicators } = formWords(files['merged.pdf']!, NATIONAL.other);
      const x = edges(NATIONAL_HEADER.widths, perProject);
      expectInOrder(columnText(info, x, 1), ['新增', NATIONAL.otherPeriod, '项目资金总额']);
      // 项目资金总额 not given: the cell under its label is empty, the year's total is not.
      expect(columnText(info, x, 1)).not.toMatch(/项目资金总额[\d,]+\.\d\d/);
      expectInOrder(columnText(info, x, 1, 3), ['项目总体目标']);
      expectInOrder(columnText(info, x, 4, 6), ['年度目标']);
      expectInOrder(columnText(info, x, 2), ['总计', '1,300.00']);
      const text = squash(indicators.map((w) => w.text).join(''));
      expect(text).not.toContain('权重');
      expect(text).not.toContain('指标值设定依据');
      const [, table] = projectTables(models['merged']!, NATIONAL.other);
      expect(table.widths).toEqual(perProjectBaseColumns.map((c) => c.width));
      const xi = edges(table.widths, perProject);
      expectInOrder(columnText(indicators, xi, 3), ['实施周期指标值', '＝100%']);
    });

    it('split layout: 计算符号 | 指标值 | 计量单位 under each value header; a sentence across the three', () => {
      const { indicators } = formWords(files['split.pdf']!, NATIONAL.project);
      const [, table] = projectTables(models['split']!, NATIONAL.project);
      expect(table.widths).toHaveLength(11);
      expect(table.header).toHaveLength(2);
      const x = edges(table.widths, split);
      const col = (i: number, to = i) => columnText(indicators, x, i, to);
      // The group headers over their three cells.
      expect(col(3, 5)).toMatch(/^实施周期指标值/);
      expect(col(6, 8)).toMatch(/^年度指标值/);
      expectInOrder(col(3), ['计算符号', '＝', '定性', '打造高水平', '≥']);
      expectInOrder(col(4), ['指标值', '36', '优', '90']);
      expectInOrder(col(5), ['计量单位', '期', '%']);
      expectInOrder(col(6), ['计算符号', '＝', '举办1次干部任职培训班', '打造高水平', '≥']);
      expectInOrder(col(7), ['指标值', '12', '90']);
      expectInOrder(col(8), ['计量单位', '期', '%']);
      expect(col(9)).toBe('权重30202030');
      expect(col(10)).toMatch(/^指标值设定依据历史标准：2024年举办12期计划标准$/);
      // The header of two rows repeats whole on a continued page.
      const words = pdfWords(files['split.pdf']!);
      const continued = [...new Set(words.map((w) => w.page))].filter(
        (p) =>
          !squash(pdftotext(files['split.pdf']!, '-f', String(p), '-l', String(p))).startsWith(
            squash(split.title),
          ),
      );
      expect(continued.length).toBeGreaterThan(0);
      for (const p of continued) {
        const page = squash(pdftotext(files['split.pdf']!, '-f', String(p), '-l', String(p)));
        for (const h of ['一级指标', '实施周期指标值', '计算符号', '计量单位', '年度指标值'])
          expect(page, `page ${p}`).toContain(h);
      }
    });
  });

  describe('DOCX', () => {
    const body = (key: string) => docxPart(files[`${key}.docx`]!, 'word/document.xml');

    it('holds the header block’s fields and the indicators’ cells in reading order', () => {
      const text = squash(docxText(body('merged')));
      const training = base.units[0]!.projects[0]!;
      const start = text.indexOf(squash(NATIONAL.project));
      expectInOrder(text.slice(start), [
        '项目性质',
        NATIONAL.nature,
        '项目类别',
        NATIONAL.category,
        '实施期',
        NATIONAL.period,
        '项目资金（万元）',
        '项目资金总额',
        '年度资金',
        '上年结转',
        '总计',
        '财政拨款',
        '财政专户拨款',
        '其他资金',
        NATIONAL.totalBudget,
        '38.41',
        '38.41',
        NATIONAL.carryOver,
        '项目总体目标',
        '年度目标',
        NATIONAL.overallGoal,
        training.goal,
        '权重',
        '指标值设定依据',
        '举办公务员专题培训班',
        '＝36期',
        '＝12期',
        '30',
        '历史标准：2024年举办12期',
        '干部任职培训',
        '优',
        '举办1次干部任职培训班（上半年）',
        '20',
        '参训人员满意度',
        '≥90%',
        '≥90%',
        '30',
        '计划标准',
        SAMPLE.longName,
        '新增',
        NATIONAL.otherPeriod,
      ]);
    });

    it('gives each table its own grid, the split header two repeating rows', () => {
      const grids = [...body('merged').matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) =>
        [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((g) => Number(g[1])),
      );
      expect(grids).toContainEqual(NATIONAL_HEADER.widths.map(mmToTwip));
      expect(
        grids.some(
          (g) => g.length === 7 && g.join() !== NATIONAL_HEADER.widths.map(mmToTwip).join(),
        ),
      ).toBe(true);
      const xml = body('split');
      const projects = doc.units.reduce((n, u) => n + u.projects.length, 0);
      expect(xml.split('<w:tblHeader/>').length - 1).toBe(2 * projects);
      expect(squash(docxText(xml))).toContain('计算符号指标值计量单位计算符号指标值计量单位');
    });

    it('gives every cell, merged ones too, the width of the grid columns it covers', () => {
      for (const key of ['merged', 'split']) {
        for (const [, tbl] of body(key).matchAll(/<w:tbl>(.*?)<\/w:tbl>/g)) {
          const grid = [...tbl!.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
          for (const [, tr] of tbl!.matchAll(/<w:tr>(.*?)<\/w:tr>/g)) {
            let col = 0;
            for (const [, tc] of tr!.matchAll(/<w:tc>(.*?)<\/w:tc>/g)) {
              const span = Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(tc!)?.[1] ?? 1);
              const want = grid.slice(col, col + span).reduce((a, b) => a + b, 0);
              expect(Number(/<w:tcW [^>]*w:w="(\d+)"/.exec(tc!)?.[1]), `${key} ${tr}`).toBe(want);
              col += span;
            }
            expect(col).toBe(grid.length);
          }
        }
      }
    });

    it.skipIf(!HAS_SOFFICE || !HAS_POPPLER)(
      'opens in LibreOffice, which prints the same fields',
      () => {
        const out = path.join(dir, 'lo');
        libreOfficeToPdf([files['merged.docx']!, files['split.docx']!], out);
        for (const key of ['merged', 'split']) {
          const text = squash(pdftotext(path.join(out, `${key}.pdf`)));
          for (const t of [
            NATIONAL.period,
            NATIONAL.nature,
            NATIONAL.overallGoal,
            '项目资金总额',
            '上年结转',
            '历史标准：2024年举办12期',
            key === 'merged' ? '＝36期' : '计量单位',
          ])
            expect(text, `${key}: ${t}`).toContain(squash(t));
        }
      },
      180_000,
    );
  });
});
