import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { checkDocument } from '../../db/shared/check/index.ts';
import { wanCents } from '../amounts.ts';
import { treeSchema, type CategoryTree } from '../../db/shared/tree.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { groupIndicators } from '../../renderer/src/categories.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { tempDir } from '../helpers.ts';
import { docxPart, docxText, HAS_POPPLER, pdftotext, pdfWords, squash } from './tools.ts';

/*
 * The tree's data decides the printed order of first-level categories: a tree whose first
 * first-level category is 成本指标 (as the 2021 national guide lists them) prints the cost
 * indicators first, in the editor, in the checks' numbers and in both exporters, for a document
 * made with the default tree and changed to that tree (更换指标体系).
 */

/** A tree file as a province might hand it out: 成本指标 first. */
const COST_FIRST: CategoryTree = {
  id: 'cost-first',
  name: '成本指标在前的指标体系',
  level1: [
    {
      code: '4',
      name: '成本指标',
      role: 'cost',
      level2: [
        { code: '41', name: '经济成本指标' },
        { code: '42', name: '社会成本指标' },
      ],
    },
    {
      code: '1',
      name: '产出指标',
      role: 'output',
      level2: [
        { code: '11', name: '数量指标' },
        { code: '12', name: '质量指标' },
      ],
    },
    {
      code: '2',
      name: '效益指标',
      role: 'benefit',
      level2: [{ code: '22', name: '社会效益指标' }],
    },
    {
      code: '3',
      name: '满意度指标',
      role: 'satisfaction',
      level2: [{ code: '31', name: '服务对象满意度指标' }],
    },
  ],
};

const EXPECTED = [
  '1、4-成本指标；41-经济成本指标；培训成本；实施周期指标值:；年度指标值:。',
  '2、1-产出指标；11-数量指标；培训期数；实施周期指标值:12期；年度指标值:12期。',
  '3、1-产出指标；12-质量指标；合格率；实施周期指标值:100%；年度指标值:100%。',
  '4、2-效益指标；22-社会效益指标；覆盖面；实施周期指标值:覆盖全区；年度指标值:覆盖全区。',
  '5、3-满意度指标；31-服务对象满意度指标；满意度；实施周期指标值:≥90%；年度指标值:≥90%。',
].join('');

function costFirstDocument(dir: string): DocumentData {
  const treeFile = path.join(dir, 'cost-first.json');
  writeFileSync(treeFile, JSON.stringify(COST_FIRST, null, 2));
  const file = path.join(dir, '表.jxmb');
  const doc = TargetDocument.createAndOpen(file, { department: '示例局', year: 2026 });
  try {
    const unit = doc.addUnit('示例局本级');
    const p = doc.addProject(unit, { name: '培训经费', fiscal: wanCents(1250), goal: '培训。' });
    // In the clerk's order: satisfaction, output, cost (empty value: a finding), benefit, output.
    doc.addIndicator(p, { level2Code: '31', name: '满意度', cycleValue: '≥90%' });
    doc.addIndicator(p, { level2Code: '11', name: '培训期数', cycleValue: '12期' });
    doc.addIndicator(p, { level2Code: '14', name: '培训成本', cycleValue: '' });
    doc.addIndicator(p, { level2Code: '22', name: '覆盖面', cycleValue: '覆盖全区' });
    doc.addIndicator(p, { level2Code: '12', name: '合格率', cycleValue: '100%' });
    const tree = treeSchema.parse(JSON.parse(readFileSync(treeFile, 'utf8')));
    doc.changeTree(tree, { '11': '11', '12': '12', '14': '41', '22': '22', '31': '31' });
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

describe('printed order of first-level categories follows the tree', () => {
  it('in the editor and in the checks’ numbers', () => {
    const data = costFirstDocument(tempDir());
    const project = data.units[0]!.projects[0]!;
    const groups = groupIndicators(project, data.tree).filter((g) => g.count > 0);
    expect(groups.map((g) => g.name)).toEqual(['成本指标', '产出指标', '效益指标', '满意度指标']);
    expect(groups[0]!.groups[0]!.rows[0]!.number).toBe(1);
    const empty = checkDocument(data).filter((f) => f.indicatorName === '培训成本');
    expect(empty.length).toBeGreaterThan(0);
    for (const f of empty) expect(f.indicatorIndex).toBe(1);
  });

  it.skipIf(!HAS_POPPLER)('in the PDF and the DOCX of both layouts', async () => {
    const dir = tempDir();
    const data = costFirstDocument(dir);
    const officialModel = buildPrintModel(data, official);
    const pdf = path.join(dir, 'official.pdf');
    writeFileSync(pdf, (await renderPdf(officialModel)).bytes);
    expect(squash(pdftotext(pdf))).toContain(squash(EXPECTED));
    const docx = path.join(dir, 'official.docx');
    writeFileSync(docx, await renderDocx(officialModel));
    expect(squash(docxText(docxPart(docx, 'word/document.xml')))).toContain(squash(EXPECTED));

    // The per-project form prints the 一级 cells merged down: 成本指标 first, then the others.
    const formModel = buildPrintModel(data, perProject);
    const formDocx = path.join(dir, 'form.docx');
    writeFileSync(formDocx, await renderDocx(formModel));
    const text = squash(docxText(docxPart(formDocx, 'word/document.xml')));
    const LEVEL1 = ['成本指标', '产出指标', '效益指标', '满意度指标'];
    const NAMES = ['培训成本', '培训期数', '合格率', '覆盖面', '≥90%'];
    for (const words of [LEVEL1, NAMES]) {
      const at = words.map((w) => text.indexOf(w));
      expect(Math.min(...at), words.join()).toBeGreaterThanOrEqual(0);
      expect(at).toEqual([...at].sort((a, b) => a - b));
    }
    // In the PDF a merged cell's text sits in the middle of its rows: compare heights on the page.
    const formPdf = path.join(dir, 'form.pdf');
    writeFileSync(formPdf, (await renderPdf(formModel)).bytes);
    const words = pdfWords(formPdf);
    const top = (w: string) => {
      const found = words.find((x) => x.text === w);
      expect(found, w).toBeDefined();
      return found!.yMin;
    };
    for (const list of [LEVEL1, NAMES.slice(0, 4)]) {
      const ys = list.map(top);
      expect(ys).toEqual([...ys].sort((a, b) => a - b));
    }
  });
});
