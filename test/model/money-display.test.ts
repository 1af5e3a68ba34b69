import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { dumpToString, loadDocumentJson } from '../../db/interchange.ts';
import { writeDraft } from '../../db/import/index.ts';
import { rollover } from '../../db/rollover/index.ts';
import {
  formatAmount,
  formatAmountGrouped,
  ZERO,
  type Cents,
  type MoneyDisplay,
} from '../../db/shared/money.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import type { EditResult } from '../../db/shared/api/contract.ts';
import { exportDocument } from '../../templates/export/index.ts';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { docxPart, docxText, HAS_POPPLER, pdftotext, squash } from '../export/tools.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { ownFixture, tempDir } from '../helpers.ts';

/*
 * The real Sichuan amount 3,309,840.00 元 (330.984 万元): held exactly in 分, shown, typed,
 * printed and exported in the document's unit; a display that would lose a digit is refused.
 */

const YUAN: MoneyDisplay = { unit: '元', decimals: 2 };
const WAN2: MoneyDisplay = { unit: '万元', decimals: 2 };
const WAN3: MoneyDisplay = { unit: '万元', decimals: 3 };
const WAN6: MoneyDisplay = { unit: '万元', decimals: 6 };
const SICHUAN = 330_984_000; // 3,309,840.00 元 in 分

/** A document in 元 with the Sichuan project, its amount typed as the clerk types it. */
function sichuanDocument(): string {
  const file = path.join(tempDir(), '四川.jxmb');
  TargetDocument.create(file, { department: '某县交通运输局', year: 2025, money: YUAN });
  const s = EditorSession.open(file);
  try {
    const unit = s.doc.addUnit('某县交通运输局本级');
    const id = s.doc.addProject(unit, { name: '农村公路养护' });
    s.call('updateProject', { id, fiscal: '3,309,840.00', other: '0.01' });
    s.doc.addIndicator(id, { level2Code: '11', name: '养护里程', cycleValue: '≥1200公里' });
  } finally {
    s.close();
  }
  return file;
}

function snapshotOf(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

const projectOf = (d: DocumentData) => d.units[0]!.projects[0]!;

describe('a document’s money display', () => {
  it('holds 3,309,840.00 元 exactly and shows it in every display that can', () => {
    const file = sichuanDocument();
    const doc = TargetDocument.open(file);
    try {
      let d = doc.snapshot();
      expect(d.money).toEqual(YUAN);
      expect(projectOf(d).totals.fiscal).toBe(SICHUAN);
      expect(projectOf(d).totals.other).toBe(1);
      expect(formatAmountGrouped(projectOf(d).totals.fiscal, d.money)).toBe('3,309,840.00');

      doc.setMoneyDisplay(WAN6);
      d = doc.snapshot();
      expect(d.money).toEqual(WAN6);
      expect(formatAmount(projectOf(d).totals.fiscal, d.money)).toBe('330.984000');
      expect(formatAmount(projectOf(d).totals.other, d.money)).toBe('0.000001');

      // 0.01 元 needs six decimals of 万元: three cannot show it.
      expect(userErrorOf(() => doc.setMoneyDisplay(WAN3)).message).toBe(
        '项目“农村公路养护”的其他资金为 0.000001 万元，按万元（3 位小数）无法准确显示，金额单位未修改；请先核对该金额，或选择更多小数位数',
      );
      doc.updateProject(projectOf(d).id, { other: ZERO });
      doc.setMoneyDisplay(WAN3);
      d = doc.snapshot();
      expect(formatAmountGrouped(projectOf(d).totals.fiscal, d.money)).toBe('330.984');

      // Two decimals would print 330.98: refused, naming the project and the amount.
      expect(userErrorOf(() => doc.setMoneyDisplay(WAN2)).message).toBe(
        '项目“农村公路养护”的财政拨款为 330.984 万元，按万元（2 位小数）无法准确显示，金额单位未修改；请先核对该金额，或选择更多小数位数',
      );
      expect(doc.snapshot().money).toEqual(WAN3);
      // Impossible settings are refused too.
      expect(userErrorOf(() => doc.setMoneyDisplay({ unit: '元', decimals: 3 })).message).toBe(
        '金额单位为元时小数位数只能是 2',
      );
      expect(userErrorOf(() => doc.setMoneyDisplay({ unit: '万元', decimals: 7 })).message).toBe(
        '金额单位为万元时小数位数应为 2 到 6',
      );

      // Each change is one undo step; the amounts never moved.
      expect(doc.historyState.undo).toBe('修改金额单位');
      doc.undo();
      doc.undo();
      expect(doc.snapshot().money).toEqual(WAN6);
      doc.undo();
      expect(doc.snapshot().money).toEqual(YUAN);
      expect(projectOf(doc.snapshot()).totals.fiscal).toBe(SICHUAN);
    } finally {
      doc.close();
    }
    expect(snapshotOf(file).money).toEqual(YUAN);
  });

  it('types amounts in the document’s unit, and refuses digits it cannot show', () => {
    const file = sichuanDocument();
    const s = EditorSession.open(file);
    try {
      const id = projectOf(s.state().data).id;
      s.call('updateProject', { id, other: '' });
      s.call('setMoneyDisplay', { unit: '万元', decimals: 3 });
      s.call('updateProject', { id, specialAccount: '1.5' });
      expect(projectOf(s.state().data).totals.specialAccount).toBe(1_500_000);
      expect(() => s.call('updateProject', { id, specialAccount: '1.2345' })).toThrow(
        '财政专户拨款：“1.2345”超过 3 位小数（本表金额单位为万元，保留 3 位小数；金额不会被四舍五入',
      );
      // The change set of a display change carries the new setting to the page.
      const r = s.call('setMoneyDisplay', { unit: '元', decimals: 2 }) as EditResult;
      expect(r.change?.changes.header?.money).toEqual(YUAN);
      expect(() => s.call('setMoneyDisplay', { unit: '美元', decimals: 2 })).toThrow();
    } finally {
      s.close();
    }
  });

  it('takes 项目资金总额 and 上年结转 by the same rules: typed, stored, refused and dumped in its unit', () => {
    const file = sichuanDocument();
    const s = EditorSession.open(file);
    try {
      const id = projectOf(s.state().data).id;
      s.call('updateProject', { id, other: '', totalBudget: '6,619,680.00', carryOver: '0.01' });
      let p = projectOf(s.state().data);
      expect([p.totalBudget, p.carryOver]).toEqual([2 * SICHUAN, 1]);
      expect(() => s.call('updateProject', { id, totalBudget: '1.001' })).toThrow(
        '项目资金总额：“1.001”超过 2 位小数',
      );
      // 0.01 元 of 上年结转 needs six decimals of 万元: a display that cannot show it is refused.
      expect(() => s.call('setMoneyDisplay', WAN3)).toThrow(
        '项目“农村公路养护”的上年结转为 0.000001 万元，按万元（3 位小数）无法准确显示，金额单位未修改',
      );
      s.call('updateProject', { id, carryOver: '' });
      s.call('setMoneyDisplay', WAN3);
      s.call('updateProject', { id, carryOver: '5.5' });
      p = projectOf(s.state().data);
      expect(p.carryOver).toBe(5_500_000);
      expect(() => s.call('setMoneyDisplay', WAN2)).toThrow(
        '项目“农村公路养护”的财政拨款为 330.984 万元',
      );
      s.call('updateProject', { id, fiscal: '331' });
      expect(() => s.call('setMoneyDisplay', WAN2)).toThrow(
        '项目“农村公路养护”的项目资金总额为 661.968 万元，按万元（2 位小数）无法准确显示',
      );
      expect(() => s.call('updateProject', { id, totalBudget: '1000000000' })).toThrow(
        '项目资金总额：“1000000000”超过金额上限 999,999,999.99 万元',
      );

      const json = dumpToString(s.state().data);
      const project = JSON.parse(json).units[0].projects[0];
      expect([project.totalBudget, project.carryOver]).toEqual(['661.968', '5.500']);
      const again = path.join(tempDir(), '载入.jxmb');
      writeDraft(loadDocumentJson(JSON.parse(json)), again);
      expect(dumpToString(snapshotOf(again))).toBe(json);
    } finally {
      s.close();
    }
  });

  it('dumps amounts in its unit, and dump → load → dump is identical', () => {
    for (const money of [YUAN, WAN6]) {
      const file = sichuanDocument();
      const doc = TargetDocument.open(file);
      doc.setMoneyDisplay(money);
      const json = dumpToString(doc.snapshot());
      doc.close();
      const parsed = JSON.parse(json);
      expect(parsed).toMatchObject({
        format: 'target-table/2',
        moneyUnit: money.unit,
        moneyDecimals: money.decimals,
      });
      expect(parsed.units[0].projects[0].amounts.fiscal).toBe(
        money.unit === '元' ? '3309840.00' : '330.984000',
      );
      const again = path.join(tempDir(), '载入.jxmb');
      writeDraft(loadDocumentJson(parsed), again);
      const loaded = snapshotOf(again);
      expect(loaded.money).toEqual(money);
      expect(projectOf(loaded).totals.fiscal).toBe(SICHUAN);
      expect(dumpToString(loaded)).toBe(json);
    }
  });

  it('carries over to next year’s table (由上年文件新建), 上年金额 exact', async () => {
    const source = sichuanDocument();
    const target = path.join(tempDir(), '2026.jxmb');
    await rollover(source, target, { keepAmounts: true });
    const d = snapshotOf(target);
    expect(d.money).toEqual(YUAN);
    expect(projectOf(d).previous?.fiscal).toBe(SICHUAN);
    expect(formatAmountGrouped(projectOf(d).totals.fiscal, d.money)).toBe('3,309,840.00');
  });

  it('reads target-table/1 as 万元 with two decimals, and refuses finer amounts there', () => {
    const v1 = JSON.parse(readFileSync(ownFixture('minimal.json'), 'utf8'));
    expect(v1.format).toBe('target-table/1');
    const draft = loadDocumentJson(v1);
    expect(draft.money).toEqual(WAN2);
    v1.units[0].projects[0].amounts = { fiscal: '330.984', specialAccount: '0', other: '0' };
    delete v1.units[0].totals;
    delete v1.totals;
    expect(() => loadDocumentJson(v1)).toThrow(/amounts\.fiscal：超过 2 位小数/);
    const v2 = { ...v1, format: 'target-table/2', moneyDecimals: 3 };
    expect(loadDocumentJson(v2).units[0]!.projects[0]!.amounts.fiscal).toBe(SICHUAN);
    expect(() => loadDocumentJson({ ...v2, moneyUnit: '元' })).toThrow(
      '位置 moneyDecimals：金额单位为元时小数位数只能是 2',
    );
  });
});

describe.skipIf(!HAS_POPPLER)(
  'printed in the document’s unit (PDF read back with pdftotext)',
  () => {
    for (const [money, unitLine, figure, whole] of [
      [YUAN, '单位：元', '3,309,840.00', '6,619,680.00'],
      [WAN6, '单位：万元', '330.984000', '661.968000'],
      [WAN3, '单位：万元', '330.984', '661.968'],
    ] as const) {
      it(`${money.unit} with ${money.decimals} decimals: ${figure}`, async () => {
        const file = sichuanDocument();
        const doc = TargetDocument.open(file);
        // 项目资金总额 twice this year's: the per-project form prints it beside the year's money.
        doc.updateProject(projectOf(doc.snapshot()).id, {
          other: ZERO,
          totalBudget: (2 * SICHUAN) as Cents,
        });
        doc.setMoneyDisplay(money);
        const data = doc.snapshot();
        doc.close();
        const dir = tempDir();
        const pdf = path.join(dir, 'official.pdf');
        const docx = path.join(dir, 'official.docx');
        await exportDocument(data, { pdf, docx, layout: official });
        const text = squash(pdftotext(pdf));
        expect(text).toContain(unitLine);
        expect(text).toContain(`农村公路养护${figure}${figure}`);
        const words = docxText(docxPart(docx, 'word/document.xml'));
        expect(words).toContain(unitLine);
        expect(words).toContain(figure);
        expect(words).not.toContain(money.unit === '元' ? '万元' : '单位：元');

        const perPdf = path.join(dir, 'per-project.pdf');
        await exportDocument(data, { pdf: perPdf, layout: perProject });
        const per = squash(pdftotext(perPdf));
        expect(per).toContain(`项目资金（${money.unit}）`);
        expect(per).toContain(figure);
        expect(per).toContain(whole);
      });
    }
  },
);
