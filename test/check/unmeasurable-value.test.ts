import { describe, expect, it } from 'vitest';
import { unmeasurableValue } from '../../db/shared/check/rules/unmeasurable-value.ts';
import { firstProject, oneProject, run } from './build.ts';

/** One 社会效益 indicator with this value, in an otherwise clean project. */
function valueDoc(cycle: string, annual?: string) {
  return oneProject({
    indicators: [
      { code: '22', name: '社会效益', cycle, ...(annual === undefined ? {} : { annual }) },
    ],
  });
}

describe('unmeasurable-value', () => {
  it('warns about a vague value from the 2024 fixture and names its vague words', () => {
    const doc = valueDoc('农村党组织组织力日益增强');
    const indicator = firstProject(doc).indicators[0]!;
    expect(run(unmeasurableValue, doc)).toEqual([
      expect.objectContaining({
        ruleId: 'unmeasurable-value',
        severity: 'warning',
        location: expect.objectContaining({ indicatorId: indicator.id, field: 'cycleValue' }),
        message: expect.stringContaining('其中“日益增强”等表述无法衡量'),
      }),
    ]);
  });

  it.each([
    ['进一步提升两新组织党建工作水平', '进一步提升'],
    ['党员群众对村班子的满意度有所提高', '有所提高'],
    ['人才工作环境明显改善', '明显改善'],
    ['有效促进干部队伍建设', '有效促进'],
    ['逐步形成创先争优的浓厚氛围', '逐步'],
  ])('warns about “%s” and quotes “%s”', (value, words) => {
    const [finding] = run(unmeasurableValue, valueDoc(value));
    expect(finding?.message).toContain(`“${words}”`);
  });

  it('warns about values whose numerals are parts of words or of a document number', () => {
    for (const value of [
      '深入学习贯彻党的二十大精神',
      '统一规划两新组织党建阵地',
      '按照穗财行〔2021〕72号文件要求规范使用资金',
      '修缮、新建基层党组织活动场所',
    ]) {
      expect(run(unmeasurableValue, valueDoc(value)), value).toHaveLength(1);
    }
  });

  it('checks a differing 年度指标值 on its own', () => {
    const findings = run(
      unmeasurableValue,
      valueDoc('举办12期公务员专题培训班', '培训质量有所提高'),
    );
    expect(findings.map((f) => f.location.field)).toEqual(['annualValue']);
  });

  it('accepts numbers, rates and clear grades', () => {
    for (const value of [
      '举办12期公务员专题培训班',
      '全区覆盖率100%',
      '开展三次专题调研',
      '十二月底前完成',
      '事业单位登记管理事项“零投诉”',
      '满意度不低于百分之九十',
      '验收合格',
      '是',
      '服务对象满意',
      '按时足额支付人员工资',
      '资金支出符合财务规范',
      '——', // a placeholder: that rule's finding, not this one's
      '',
    ]) {
      expect(run(unmeasurableValue, valueDoc(value)), value).toEqual([]);
    }
  });

  it('accepts the 定性 completions, states and compliances reviewers accept (2024 fixture)', () => {
    for (const value of [
      '完成公务员年度考核奖励。',
      '完成公开调任公务员',
      '圆满完成租赁岗位人员管理工作',
      '全年各项业务顺利进行',
      '街道党组织正常运转，党建工作有序开展，党群服务中心常态化运行',
      '每年摸查符合领取补助条件的人员。',
      '每个党组织开展主题党日活动。',
      '确保按规定范围使用相关经费',
      '全面核实行业党委情况，确保划拨无错漏。',
    ]) {
      expect(run(unmeasurableValue, valueDoc(value)), value).toEqual([]);
    }
  });

  it('still warns when the completion is hedged or is only the name of a rate', () => {
    for (const [value, words] of [
      ['结合实际情况完成摸查符合领取补助条件的人员', '结合实际情况'],
      ['确保交办任务完成率', ''],
      ['做好党员教育管理工作', '做好'],
      ['党建工作经费使用合理充分', '合理'],
      ['确保各项工作正常高效运行', ''],
      ['录用一批优秀人才，不断优化我区公务员队伍结构', '不断优化'],
    ] as const) {
      const [finding] = run(unmeasurableValue, valueDoc(value));
      expect(finding, value).toBeDefined();
      if (words) expect(finding?.message, value).toContain(`“${words}”`);
    }
  });

  it('says a value cut off after its comparison lacks the figure', () => {
    const [finding] = run(unmeasurableValue, valueDoc('>'));
    expect(finding?.message).toContain('“>”只有计算符号，缺少数值和计量单位');
  });
});
