import { describe, expect, it } from 'vitest';
import { checkDocument, summarize } from '../../db/shared/check/index.ts';
import type { Finding } from '../../db/shared/check/finding.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { importToSnapshot } from '../import/build.ts';

/** The published 2024 table, with its known defects: what the checks must and must not say. */
describe.skipIf(!HAS_PANYU)('checks on the published 2024 fixture', () => {
  let findings: Finding[] = [];
  const of = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

  it('reads all 51 projects and 273 indicators', () => {
    const doc = importToSnapshot(PANYU_FIXTURE).snapshot;
    expect(doc.units.flatMap((u) => u.projects)).toHaveLength(51);
    expect(doc.units.flatMap((u) => u.projects).flatMap((p) => p.indicators)).toHaveLength(273);
    findings = checkDocument(doc);
  });

  it('finds no error in a table that was published', () => {
    expect(summarize(findings).error).toBe(0);
  });

  it('reports what a reviewer would, rule by rule (counts read one by one, issue 13)', () => {
    const counts: Record<string, string> = {};
    for (const f of findings) {
      // stale-year is calibrated by its own tests.
      if (f.ruleId === 'stale-year') continue;
      const [severity, n] = (counts[f.ruleId] ?? `${f.severity} 0`).split(' ');
      counts[f.ruleId] = `${severity} ${Number(n) + 1}`;
    }
    expect(counts).toEqual({
      'unmeasurable-value': 'warning 83',
      'category-label-name': 'warning 27',
      'level2-mismatch': 'warning 17',
      'satisfaction-off-topic': 'warning 10',
      'money-source': 'warning 2',
      'category-contradicts-print': 'warning 1',
      'repeated-text': 'warning 1',
      'missing-cost': 'hint 48',
      'missing-satisfaction': 'hint 25',
      'name-equals-value': 'hint 8',
      'annual-differs': 'hint 5',
    });
  });

  it('reports the 政治效益 filed under 经济效益 and labels used as names', () => {
    const political = of('level2-mismatch').filter((f) => f.indicatorName === '政治效益');
    expect(political).toHaveLength(11);
    for (const f of political) expect(f.message).toContain('请改归“效益指标-社会效益”');
    const labels = new Set(of('category-label-name').map((f) => f.indicatorName));
    expect([...labels].sort()).toEqual(['可持续影响', '政治效益', '社会效益', '项目质量']);
  });

  it('reports the misprinted 31 indicator and the party dues whose columns were lost', () => {
    expect(of('category-contradicts-print')).toEqual([
      expect.objectContaining({
        indicatorName: '群众满意度',
        message: expect.stringContaining('印为“2-效益指标；31-服务对象满意度”'),
      }),
    ]);
    expect(of('money-source').map((f) => f.projectName)).toEqual([
      '直机下拨党费',
      '离退支部党费返拨',
    ]);
  });

  it('accepts the 定性 completions reviewers accept', () => {
    const vague = of('unmeasurable-value').map((f) => f.message);
    for (const value of [
      '完成公务员年度考核奖励',
      '完成公开调任公务员',
      '圆满完成租赁岗位人员管理工作',
    ]) {
      expect(
        vague.some((m) => m.includes(value)),
        value,
      ).toBe(false);
    }
  });

  it('catches the garbled value, and only it', () => {
    expect(of('repeated-text')).toEqual([
      expect.objectContaining({
        projectName: '番禺区“羊城村官上大学”工程工作经费',
        indicatorIndex: 2,
        location: expect.objectContaining({ field: 'cycleValue' }),
        message: expect.stringContaining('“每年摸每年摸”'),
      }),
    ]);
  });

  it('sees the five indicators whose annual value differs', () => {
    expect(of('annual-differs')).toHaveLength(5);
  });

  it('reports none of its 2023 mentions: two fund names and last year’s appraisal done this year', () => {
    // Each was a false alarm before the years were read (test/check/year-reading.test.ts).
    expect(of('stale-year')).toEqual([]);
  });

  it('flags vague values but not measured ones', () => {
    const vague = of('unmeasurable-value').map((f) => f.message);
    expect(vague.some((m) => m.includes('“农村党组织组织力日益增强”'))).toBe(true);
    expect(vague.some((m) => m.includes('进一步提升'))).toBe(true);
    expect(vague.some((m) => m.includes('举办12期公务员专题培训班'))).toBe(false);
  });

  it('flags satisfaction indicators that are not about satisfaction', () => {
    expect(of('satisfaction-off-topic').map((f) => f.indicatorName)).toContain('市系统维护');
  });
});
