import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { printedIndicators } from '../../db/shared/printed-order.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { amountText } from '../../templates/export/cells.ts';
import { buildPrintModel, renderPdf } from '../../templates/export/index.ts';
import type { TableBlock } from '../../templates/export/model.ts';
import { mmToPt, pageSizePt } from '../../templates/export/units.ts';
import { perRow } from '../../templates/layout/per-row.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { inOrder } from './columns.ts';
import { HAS_POPPLER, pdfWords, squash, type PdfWord } from './tools.ts';

/**
 * The published fixture in the one-row-per-indicator layout: everything a reader needs to give
 * the document back is printed, each in its column (273 indicators, both values where they
 * differ, 其他资金 of the two party-dues projects).
 */
describe.skipIf(!HAS_PANYU || !HAS_POPPLER)('the published fixture, one row per indicator', () => {
  let dir: string;
  let doc: DocumentData;
  let table: TableBlock;
  let words: PdfWord[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-per-row-'));
    const file = path.join(dir, 'panyu.jxmb');
    writeDraft(importPublishedText(readFileSync(PANYU_FIXTURE, 'utf8')).draft, file);
    const opened = TargetDocument.open(file, { readonly: true });
    doc = opened.snapshot();
    opened.close();
    const model = buildPrintModel(doc, perRow);
    table = model.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    const pdf = path.join(dir, 'per-row.pdf');
    writeFileSync(pdf, (await renderPdf(model)).bytes);
    words = pdfWords(pdf);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A column's text under the header, page after page, its header texts taken out. */
  function column(header: string): string {
    const headers = table.header[0]!.cells.map((c) => c.text);
    const i = headers.indexOf(header);
    expect(i, header).toBeGreaterThanOrEqual(0);
    let x = mmToPt(perRow.page.margins.left);
    const edges = [x];
    for (const w of table.widths) edges.push((x += mmToPt(w)));
    const footerTop = pageSizePt(perRow.page)[1] - mmToPt(perRow.page.margins.bottom);
    const pieces = new Set(headers.flatMap((h) => h.split('\n')));
    const top = new Map<number, number>();
    for (const w of words) {
      if (pieces.has(w.text)) top.set(w.page, Math.min(top.get(w.page) ?? Infinity, w.yMin));
    }
    const text = squash(
      words
        .filter(
          (w) =>
            w.yMin >= (top.get(w.page) ?? Infinity) - 0.5 &&
            w.yMin < footerTop &&
            w.xMin >= edges[i]! - 0.5 &&
            w.xMin < edges[i + 1]! - 0.5,
        )
        .sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)
        .map((w) => w.text)
        .join(''),
    );
    return text.replaceAll(squash(header), '');
  }

  const projects = () => doc.units.flatMap((u) => u.projects);
  const indicators = () => projects().flatMap((p) => printedIndicators(p));
  const expectInOrder = (text: string, parts: readonly string[]) =>
    expect(inOrder(text, parts), `${parts.length} parts`).toBeNull();

  it('prints the eleven columns, 其他资金 and 实施周期指标值, and a row for each of the 273 indicators', () => {
    expect(table.header[0]!.cells.map((c) => squash(c.text))).toEqual([
      '单位',
      '项目',
      '预算数',
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
    expect(table.rows).toHaveLength(273);
    expect(indicators()).toHaveLength(273);
    expect(indicators().filter((i) => i.cycleValue !== i.annualValue)).toHaveLength(5);
  });

  it('gives back every name, value and amount in its column, in order', () => {
    expectInOrder(
      column('三级指标'),
      indicators().map((i) => i.name),
    );
    expectInOrder(
      column('指标值'),
      indicators().map((i) => i.annualValue),
    );
    expectInOrder(
      column('实施周期\n指标值'),
      indicators().map((i) => i.cycleValue),
    );
    expectInOrder(
      column('项目'),
      projects().map((p) => p.name),
    );
    expectInOrder(
      column('预算数'),
      projects().map((p) => amountText(p.totals.total, doc.money)),
    );
    // Merged over the project's rows, an amount is printed once, or again at the top of the
    // next page when the project goes on there (as are its 单位 and 项目): nothing else.
    const others = projects()
      .map((p) => amountText(p.totals.other, doc.money))
      .filter((a) => a !== '');
    expect(others).toHaveLength(2);
    expect(column('其他\n资金')).toMatch(
      new RegExp(`^${others.map((a) => `(?:${a.replaceAll('.', '\\.')})+`).join('')}$`),
    );
    // Sentences all: nothing in 指标性质 and 计量单位.
    expect(column('指标\n性质')).toBe('');
    expect(column('计量\n单位')).toBe('');
  });
});
