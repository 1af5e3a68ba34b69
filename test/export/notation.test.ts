import { WAN2, wanCents } from '../amounts.ts';
import { describe, expect, it } from 'vitest';
import { amountText, fillPattern } from '../../templates/export/cells.ts';
import {
  indicatorCellText,
  indicatorNotation,
  printedIndicators,
} from '../../templates/export/notation.ts';
import { tempDir } from '../helpers.ts';
import { buildSample } from './sample.ts';

describe('the 绩效指标 notation', () => {
  it('sorts by category, keeps the clerk’s order within one, numbers from 1 per project', () => {
    const doc = buildSample(tempDir());
    const training = doc.units[0]!.projects[0]!;
    expect(printedIndicators(training).map((i) => i.level2.code)).toEqual(['11', '11', '22', '31']);
    expect(
      printedIndicators(training)
        .map((i) => i.name)
        .slice(0, 2),
    ).toEqual(['举办公务员专题培训班', '干部任职培训']);
    expect(indicatorCellText(training)).toBe(
      '1、1-产出指标；11-数量指标；举办公务员专题培训班；实施周期指标值:举办12期公务员专题培训班；年度指标值:举办12期公务员专题培训班。' +
        '2、1-产出指标；11-数量指标；干部任职培训；实施周期指标值:举办1次干部任职培训班；年度指标值:举办1次干部任职培训班（上半年）。' +
        '3、2-效益指标；22-社会效益；打造高水平两新组织书记队伍。；实施周期指标值:打造高水平两新组织书记队伍。；年度指标值:打造高水平两新组织书记队伍。' +
        '4、3-满意度指标；31-服务对象满意度；参训人员满意度；实施周期指标值:≥90%；年度指标值:≥90%。',
    );
    // Numbering restarts in the next project.
    expect(indicatorCellText(doc.units[0]!.projects[1]!)).toMatch(/^1、1-产出指标；12-质量指标；/);
  });

  it('never doubles the final 。 and prints nothing for a project without indicators', () => {
    const doc = buildSample(tempDir());
    const [first] = printedIndicators(doc.units[0]!.projects[0]!).filter(
      (i) => i.level2.code === '22',
    );
    expect(indicatorNotation(first!, 7)).toMatch(/年度指标值:打造高水平两新组织书记队伍。$/);
    expect(indicatorNotation(first!, 7)).not.toContain('。。');
    expect(indicatorCellText(doc.units[0]!.projects[2]!)).toBe('');
  });
});

describe('amount cells', () => {
  it('prints 万元 with grouping and two decimals, and zero as an empty cell', () => {
    expect(amountText(wanCents(1058483), WAN2)).toBe('10,584.83');
    expect(amountText(wanCents(56), WAN2)).toBe('0.56');
    expect(amountText(wanCents(2000), WAN2)).toBe('20.00');
    expect(amountText(wanCents(0), WAN2)).toBe('');
    expect(amountText(wanCents(-150), WAN2)).toBe('-1.50');
  });
});

describe('layout texts', () => {
  it('fills placeholders and refuses unknown ones', () => {
    expect(fillPattern('第 {页码} 页 共 {总页数} 页', { 页码: 2, 总页数: 9 })).toBe(
      '第 2 页 共 9 页',
    );
    expect(() => fillPattern('{没有}', {})).toThrow(/unknown/);
  });
});
