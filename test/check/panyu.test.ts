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

  it('sees the 2023 mentions but not the years of document numbers', () => {
    const stale = of('stale-year');
    expect(stale.map((f) => f.location.field)).toEqual(['name', 'name', 'cycleValue']);
    for (const f of stale) expect(f.message).toContain('提到“2023年”');
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
