import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { isBudgetYearText, parseBudgetYearText } from '../../db/shared/limits.ts';
import {
  amountProblem,
  formatAmount,
  parseAmount,
  readAmountText,
  tryParseAmount,
  type MoneyDisplay,
} from '../../db/shared/money.ts';
import { cleanText } from '../../db/shared/text.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { tempDir } from '../helpers.ts';

/*
 * What clerks type and paste, read the way they mean it, by the one shared rule the page and the
 * host both apply (db/shared/money.ts, limits.ts, text.ts): full-width digits, a stated unit,
 * text pasted from Word with its tabs and line breaks. Nothing is silently reinterpreted: a bare
 * number is in the document's unit, a stated unit is converted exactly or refused.
 */

const WAN2: MoneyDisplay = { unit: '万元', decimals: 2 };
const WAN4: MoneyDisplay = { unit: '万元', decimals: 4 };
const YUAN: MoneyDisplay = { unit: '元', decimals: 2 };

describe('amounts as clerks type them', () => {
  it('reads full-width digits and punctuation as their ASCII forms', () => {
    const cases: [string, MoneyDisplay, number][] = [
      ['１２３．４５', WAN2, 123_450_000],
      ['１２３．４５', YUAN, 12_345],
      ['1，234.5', WAN2, 1_234_500_000],
      ['１，２３４．５０', WAN2, 1_234_500_000],
      ['１２，３４５，６７８', YUAN, 1_234_567_800],
      ['０', WAN2, 0],
      ['－１．５', WAN2, -1_500_000],
      [' ３８．４ ', WAN2, 38_400_000],
      ['\u3000３８．４\u3000', WAN2, 38_400_000],
    ];
    for (const [text, d, c] of cases) expect(tryParseAmount(text, d), text).toBe(c);
  });

  it('converts a stated 万元 / 万 / 元 exactly into the document’s unit', () => {
    const cases: [string, MoneyDisplay, number][] = [
      ['38.41万元', YUAN, 38_410_000],
      ['38.41 万元', YUAN, 38_410_000],
      ['38.41万', YUAN, 38_410_000],
      ['３８．４１万元', YUAN, 38_410_000],
      ['384100元', WAN2, 38_410_000],
      ['384,100.00元', WAN2, 38_410_000],
      ['384，100元', WAN2, 38_410_000],
      ['384100 元', WAN2, 38_410_000],
      ['38.41万元', WAN2, 38_410_000],
      ['12.3456万元', WAN4, 12_345_600],
      ['0.01元', YUAN, 1],
      ['0.000001万元', YUAN, 1],
      ['1.5元', { unit: '万元', decimals: 6 }, 150],
      ['3,309,840.00元', { unit: '万元', decimals: 3 }, 330_984_000],
    ];
    for (const [text, d, c] of cases) expect(tryParseAmount(text, d), `${text} ${d.unit}`).toBe(c);
    // The field then shows it in the document's unit.
    expect(formatAmount(tryParseAmount('38.41万元', YUAN)!, YUAN)).toBe('384100.00');
    expect(formatAmount(tryParseAmount('384100元', WAN2)!, WAN2)).toBe('38.41');
  });

  it('keeps a bare number in the document’s unit', () => {
    expect(tryParseAmount('38.41', YUAN)).toBe(3_841);
    expect(tryParseAmount('38.41', WAN2)).toBe(38_410_000);
    expect(readAmountText('38.41')).toEqual({ number: '38.41', unit: undefined });
    expect(readAmountText('３８．４１万元')).toEqual({ number: '38.41', unit: '万元' });
  });

  it('refuses, saying why, a stated amount the document cannot show, rather than rounding it', () => {
    expect(tryParseAmount('1.5元', WAN2)).toBeUndefined();
    expect(amountProblem('1.5元', WAN2)).toMatch(
      /^即 0\.00015 万元，超过 2 位小数（本表金额单位为万元，保留 2 位小数；金额不会被四舍五入/,
    );
    expect(userErrorOf(() => parseAmount('384123元', '财政拨款', WAN2)).message).toMatch(
      /^财政拨款：“384123元”即 38\.4123 万元，超过 2 位小数/,
    );
    expect(tryParseAmount('384123元', WAN4)).toBe(38_412_300);
    // Finer than one 分 in its own unit: no document can hold it.
    expect(amountProblem('1.234元', WAN4)).toMatch(/金额最小到分/);
    expect(amountProblem('0.0000001万元', YUAN)).toMatch(/金额最小到分/);
    // Over the maximum once converted.
    expect(amountProblem('1000000000万元', YUAN)).toMatch(/^超过金额上限/);
  });

  it('still refuses what is not an amount', () => {
    for (const bad of [
      '万元',
      '元',
      '38.41美元',
      '38.41千元',
      '38.41万万元',
      '１２３。４５',
      '1,23元',
      '三十八万',
      '38.41元万',
      '1e5元',
    ]) {
      expect(tryParseAmount(bad, WAN2), bad).toBeUndefined();
      expect(amountProblem(bad, WAN2), bad).toMatch(/不是有效金额/);
    }
  });
});

describe('budget years as clerks type them', () => {
  it('reads full-width digits and a trailing 年 / 年度', () => {
    for (const t of ['2025', ' 2025 ', '２０２５', '2025年', '２０２５年度', '2025 年']) {
      expect(parseBudgetYearText(t), t).toBe(2025);
      expect(isBudgetYearText(t), t).toBe(true);
    }
  });

  it('refuses what is not a budget year', () => {
    for (const t of ['', '25', '20250', '2025-01', '二〇二五', '1900', '3000', '2025年1月']) {
      expect(parseBudgetYearText(t), t).toBeUndefined();
    }
  });
});

describe('text pasted from Word', () => {
  const ONE = { multiline: false };
  const LINES = { multiline: true };

  it('makes a one-line field one line: tabs and line breaks inside are one space, ends trimmed', () => {
    const cases: [string, string][] = [
      ['社区服务经费\t', '社区服务经费'],
      ['社区服务经费\r\n', '社区服务经费'],
      ['  社区服务经费   ', '社区服务经费'],
      ['\u3000社区服务经费\u3000', '社区服务经费'],
      ['社区\t服务经费', '社区 服务经费'],
      ['社区 \t \t 服务经费', '社区 服务经费'],
      ['社区\r\n服务经费', '社区 服务经费'],
      ['社区\n\n\t服务经费\n', '社区 服务经费'],
      ['社区\u2028服务经费', '社区 服务经费'],
      ['满意度 ≥ 90%', '满意度 ≥ 90%'],
      ['\t\n ', ''],
    ];
    for (const [t, want] of cases) expect(cleanText(t, ONE), JSON.stringify(t)).toBe(want);
  });

  it('keeps the lines of 绩效目标, drops the blank lines at its ends and keeps an indent', () => {
    const cases: [string, string][] = [
      ['目标一\n目标二\n', '目标一\n目标二'],
      ['目标一\r\n目标二\r\n\r\n  \r\n', '目标一\n目标二'],
      ['\r\n\r\n目标一', '目标一'],
      ['\u3000\u3000目标一\n\u3000\u3000目标二', '\u3000\u3000目标一\n\u3000\u3000目标二'],
      ['目标一\n\n目标二', '目标一\n\n目标二'],
      ['1.\t完成培训', '1. 完成培训'],
      ['完成培训   ', '完成培训'],
    ];
    for (const [t, want] of cases) expect(cleanText(t, LINES), JSON.stringify(t)).toBe(want);
  });
});

describe('the host applies the same rules', () => {
  function session(money: MoneyDisplay) {
    const file = path.join(tempDir(), '表.jxmb');
    let projectId = 0;
    TargetDocument.create(file, { department: '区委组织部', year: 2025, money }, {}, (doc) => {
      projectId = doc.addProject(doc.addUnit('本级'), { name: '培训经费' });
    });
    return { s: EditorSession.open(file), projectId };
  }

  it('takes full-width and stated-unit amounts, and refuses what it cannot show', () => {
    const { s, projectId } = session(YUAN);
    try {
      s.call('updateProject', { id: projectId, fiscal: '38.41万元', other: '１２３．４５' });
      let p = s.doc.snapshot().units[0]!.projects[0]!;
      expect(p.totals.fiscal).toBe(38_410_000);
      expect(formatAmount(p.totals.fiscal, YUAN)).toBe('384100.00');
      expect(p.totals.other).toBe(12_345);
      expect(
        userErrorOf(() => s.call('updateProject', { id: projectId, fiscal: '1.234元' })).message,
      ).toMatch(/^财政拨款：“1\.234元”/);
      p = s.doc.snapshot().units[0]!.projects[0]!;
      expect(p.totals.fiscal).toBe(38_410_000);
    } finally {
      s.close();
    }
  });

  it('refuses, in a 万元 document, a 元 amount finer than its decimals', () => {
    const { s, projectId } = session(WAN2);
    try {
      s.call('updateProject', { id: projectId, fiscal: '384100元' });
      expect(s.doc.snapshot().units[0]!.projects[0]!.totals.fiscal).toBe(38_410_000);
      expect(
        userErrorOf(() => s.call('updateProject', { id: projectId, fiscal: '384123元' })).message,
      ).toMatch(/即 38\.4123 万元，超过 2 位小数/);
    } finally {
      s.close();
    }
  });

  it('stores pasted names on one line and goals without trailing blank lines', () => {
    const { s, projectId } = session(WAN2);
    try {
      s.call('updateProject', {
        id: projectId,
        name: ' 社区\t服务\r\n经费 \n',
        goal: '目标一\r\n目标二\r\n\r\n',
      });
      s.call('setTitle', { title: '2025年\t绩效目标表\n' });
      const data = s.doc.snapshot();
      const p = data.units[0]!.projects[0]!;
      expect(p.name).toBe('社区 服务 经费');
      expect(p.goal).toBe('目标一\n目标二');
      expect(data.title).toBe('2025年 绩效目标表');
      s.call('setTitle', { title: null });
      expect(s.doc.snapshot().titleIsDerived).toBe(true);
    } finally {
      s.close();
    }
  });
});

describe('the refusal says what the clerk can do', () => {
  it('offers more decimals only where the unit has them', () => {
    expect(amountProblem('1.234', WAN2)).toMatch(/或在“金额单位”中增加小数位数）$/);
    expect(amountProblem('1.234', YUAN)).toMatch(/请核对；金额最小到分）$/);
    expect(amountProblem('1.234', YUAN)).not.toMatch(/增加小数位数/);
  });
});
