import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import {
  amountProblem,
  cents,
  formatAmountGrouped,
  MAX_AMOUNT_CENTS,
  MAX_AMOUNT_TEXT,
  parseAmount,
  tryParseAmount,
} from '../../db/shared/money.ts';
import { WAN2 } from '../amounts.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { tempDir } from '../helpers.ts';

/*
 * One stated maximum for an amount and for every total derived from amounts, enforced by the
 * store on every edit, whoever makes it (the editor, import, load, rollover): a document can
 * never hold figures it cannot add up, print or read back.
 */

const MAX = cents(MAX_AMOUNT_CENTS);
const HALF = cents(500_000_000_000_000); // 500,000,000.00 万元
/** 0.01 万元: the smallest amount the default display shows. */
const STEP = 10_000;

function newDocument(): TargetDocument {
  return TargetDocument.createAndOpen(path.join(tempDir(), '表.jxmb'), {
    department: '区委组织部',
    year: 2025,
  });
}

describe('the maximum amount', () => {
  it('is stated once, in the messages as in the constant', () => {
    expect(MAX_AMOUNT_TEXT).toBe(`${formatAmountGrouped(MAX, WAN2)} ${WAN2.unit}`);
    expect(MAX_AMOUNT_TEXT).toBe('999,999,999.99 万元');
  });

  it('bounds what the page accepts as an amount', () => {
    expect(tryParseAmount('999,999,999.99', WAN2)).toBe(MAX_AMOUNT_CENTS);
    expect(tryParseAmount('-999999999.99', WAN2)).toBe(-MAX_AMOUNT_CENTS);
    expect(tryParseAmount('1000000000', WAN2)).toBeUndefined();
    expect(tryParseAmount('9999999999999', WAN2)).toBeUndefined();
    expect(userErrorOf(() => parseAmount('9999999999999', '其他资金', WAN2)).message).toBe(
      '其他资金：“9999999999999”超过金额上限 999,999,999.99 万元',
    );
  });
});

describe('the store', () => {
  it('refuses one amount past the maximum, and keeps what was there', () => {
    const doc = newDocument();
    try {
      const unit = doc.addUnit('本级');
      const project = doc.addProject(unit, { name: '培训经费', fiscal: cents(100 * STEP) });
      const e = userErrorOf(() => doc.updateProject(project, { other: (MAX + 1) as typeof MAX }));
      expect(e.message).toContain('其他资金');
      expect(e.message).toContain('超过金额上限 999,999,999.99 万元');
      expect(doc.snapshot().units[0]!.projects[0]!.totals.other).toBe(0);
    } finally {
      doc.close();
    }
  });

  it('refuses an amount that takes the project’s 总计 past the maximum (the reported case)', () => {
    const doc = newDocument();
    try {
      const unit = doc.addUnit('本级');
      const project = doc.addProject(unit, { name: '培训经费', fiscal: MAX });
      const e = userErrorOf(() => doc.updateProject(project, { other: cents(STEP) }));
      expect(e.message).toBe(
        '项目“培训经费”的总计将超过上限 999,999,999.99 万元（将为 1,000,000,000.00 万元），金额未保存',
      );
      const data = doc.snapshot();
      expect(data.totals.total).toBe(MAX_AMOUNT_CENTS);
      expect(data.defects).toEqual([]);
      // What a clerk then does: lowers one source; that is accepted.
      doc.updateProject(project, { fiscal: cents(MAX - 5 * STEP), other: cents(5 * STEP) });
      expect(doc.snapshot().totals.total).toBe(MAX_AMOUNT_CENTS);
    } finally {
      doc.close();
    }
  });

  it('refuses an edit that takes a unit’s row or 合计 past the maximum, naming it', () => {
    const doc = newDocument();
    try {
      const a = doc.addUnit('本级');
      const b = doc.addUnit('电教中心');
      doc.addProject(a, { name: '甲', fiscal: HALF });
      const second = doc.addProject(a, { name: '乙' });
      expect(userErrorOf(() => doc.updateProject(second, { fiscal: HALF })).message).toMatch(
        /^资金使用单位“本级”的合计将超过上限 999,999,999\.99 万元（将为 1,000,000,000\.00 万元）/,
      );
      const third = doc.addProject(b, { name: '丙' });
      expect(userErrorOf(() => doc.updateProject(third, { specialAccount: HALF })).message).toMatch(
        /^合计将超过上限 999,999,999\.99 万元（将为 1,000,000,000\.00 万元），金额未保存$/,
      );
      expect(userErrorOf(() => doc.addProject(b, { name: '丁', other: HALF })).message).toMatch(
        /^合计将超过上限/,
      );
      // With a negative amount elsewhere (reported by check, but storable), moving a project
      // can fill a unit's row while 合计 stays within the maximum.
      doc.updateProject(third, { fiscal: cents(-HALF) });
      const fourth = doc.addProject(b, { name: '戊', fiscal: HALF });
      expect(userErrorOf(() => doc.moveProject(fourth, 0, a)).message).toMatch(
        /^资金使用单位“本级”的合计将超过上限/,
      );
      const data = doc.snapshot();
      expect(data.units.map((u) => u.projects.map((p) => p.name))).toEqual([
        ['甲', '乙'],
        ['丙', '戊'],
      ]);
      expect(data.totals.total).toBe(HALF);
    } finally {
      doc.close();
    }
  });

  it('refuses 上年金额 whose 总计 passes the maximum', () => {
    const doc = newDocument();
    try {
      const unit = doc.addUnit('本级');
      const project = doc.addProject(unit, { name: '甲' });
      const previous = { fiscal: HALF, specialAccount: HALF, other: cents(0) };
      expect(userErrorOf(() => doc.updateProject(project, { previous })).message).toMatch(
        /^项目“甲”的上年金额总计将超过上限/,
      );
    } finally {
      doc.close();
    }
  });

  it('refuses the same in an import or load, leaving no document', () => {
    const file = path.join(tempDir(), '导入.jxmb');
    const e = userErrorOf(() =>
      TargetDocument.create(file, { department: '部门', year: 2025 }, {}, (doc) => {
        const unit = doc.addUnit('本级');
        doc.addProject(unit, { name: '甲', fiscal: HALF });
        doc.addProject(unit, { name: '乙', other: HALF });
      }),
    );
    expect(e.message).toMatch(/^资金使用单位“本级”的合计将超过上限 999,999,999\.99 万元/);
    expect(existsSync(file)).toBe(false);
  });

  it('counts every unit written so far in an import, for 合计', () => {
    const file = path.join(tempDir(), '导入.jxmb');
    const e = userErrorOf(() =>
      TargetDocument.create(file, { department: '部门', year: 2025 }, {}, (doc) => {
        for (const name of ['本级', '电教中心', '培训中心']) {
          const unit = doc.addUnit(name);
          doc.addProject(unit, { name: '甲', fiscal: cents(HALF / 2) });
          doc.addProject(unit, { name: '乙', fiscal: cents(0) });
        }
        // Raised afterwards, in a unit written before the last: 合计 passes the maximum here.
        const first = doc.snapshot().units[0]!.projects[1]!.id;
        doc.updateProject(first, { other: cents(HALF / 2 + STEP) });
      }),
    );
    expect(e.message).toMatch(
      /^合计将超过上限 999,999,999\.99 万元（将为 1,000,000,000\.01 万元）/,
    );
    expect(existsSync(file)).toBe(false);
  });
});

describe('a document being filled', () => {
  it('counts only what was saved after a refused amount (a filler that goes on)', () => {
    const file = path.join(tempDir(), '导入.jxmb');
    TargetDocument.create(file, { department: '部门', year: 2025 }, {}, (doc) => {
      const a = doc.addProject(doc.addUnit('本级'), { name: '甲', fiscal: HALF });
      const b = doc.addProject(doc.addUnit('电教中心'), { name: '乙', fiscal: cents(0) });
      expect(() => doc.updateProject(b, { fiscal: HALF })).toThrow(/^合计将超过上限/);
      doc.updateProject(a, { other: cents(STEP) });
      doc.updateProject(b, { fiscal: cents(HALF - 2 * STEP) });
    });
    const doc = TargetDocument.open(file, { readonly: true });
    try {
      expect(doc.snapshot().totals.total).toBe(MAX_AMOUNT_CENTS);
    } finally {
      doc.close();
    }
  });
});

describe('amountProblem', () => {
  it('says why a text is not an amount, for messages of imports and loads', () => {
    expect(amountProblem('38.41', WAN2)).toBeUndefined();
    expect(amountProblem('1000000000.00', WAN2)).toBe('超过金额上限 999,999,999.99 万元');
    expect(amountProblem('12.345', WAN2)).toMatch(
      /^超过 2 位小数（本表金额单位为万元，保留 2 位小数；/,
    );
    expect(amountProblem('12,34', WAN2)).toBe('不是有效金额（单位万元，最多 2 位小数）');
    expect(amountProblem('9999999999999.99', { unit: '元', decimals: 2 })).toBe(
      '超过金额上限 9,999,999,999,900.00 元',
    );
  });
});
