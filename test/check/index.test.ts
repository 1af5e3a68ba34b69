import { wanCents } from '../amounts.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkDocument,
  formatFinding,
  formatSummary,
  RULES,
  SEVERITY_LABEL,
  summarize,
} from '../../db/shared/check/index.ts';
import { ROOT } from '../helpers.ts';
import {
  buildDocument,
  GOOD_INDICATORS,
  goodIndicatorsWith,
  goodProject,
  oneProject,
} from './build.ts';

describe('checkDocument', () => {
  it('has stable kebab-case rule ids, each with its own test file', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      // Digits as in the model's terms (level2-mismatch).
      expect(rule.id).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/u);
      expect(rule.title).toMatch(/\p{Script=Han}/u);
      expect(existsSync(path.join(ROOT, 'test', 'check', `${rule.id}.test.ts`)), rule.id).toBe(
        true,
      );
      expect(
        existsSync(path.join(ROOT, 'db', 'shared', 'check', 'rules', `${rule.id}.ts`)),
        rule.id,
      ).toBe(true);
    }
  });

  it('finds nothing in a clean document, in either built-in tree', () => {
    // With a 成本指标 where each tree files it (missing-cost hints at a project without one).
    const cost = (code: string) => ({ code, name: '人均培训成本', cycle: '≤160元/人次' });
    expect(checkDocument(oneProject({ indicators: [...GOOD_INDICATORS, cost('14')] }))).toEqual([]);
    expect(
      checkDocument(
        oneProject({ indicators: [...GOOD_INDICATORS, cost('41')] }, { tree: 'mof-2021' }),
      ),
    ).toEqual([]);
  });

  it('lists findings in document order, then by severity', () => {
    const doc = buildDocument({
      units: [
        {
          name: '区委组织部本级',
          projects: [
            goodProject({
              name: '培训经费',
              // The copy of indicator 1 prints 2nd with two warnings; the 13 prints 3rd with a
              // hint; the project itself has an error.
              indicators: [
                ...goodIndicatorsWith(1, { annual: '按时举办公务员初任培训班，全区覆盖率90%' }),
                { code: '11', name: '举办公务员专题培训班', cycle: '进一步提高' },
              ],
              fiscal: wanCents(-100),
            }),
          ],
        },
        {
          name: '区党员电教中心',
          projects: [
            goodProject({
              name: '电化教育管理工作经费',
              indicators: GOOD_INDICATORS.filter((i) => !i.code.startsWith('1')),
            }),
          ],
        },
      ],
    });
    const order = checkDocument(doc).map((f) => [f.ruleId, f.projectName, f.indicatorIndex]);
    expect(order).toEqual([
      ['negative-amount', '培训经费', undefined],
      ['missing-cost', '培训经费', undefined],
      ['duplicate-indicator-name', '培训经费', 2],
      ['unmeasurable-value', '培训经费', 2],
      ['annual-differs', '培训经费', 3],
      ['missing-output', '电化教育管理工作经费', undefined],
      ['missing-cost', '电化教育管理工作经费', undefined],
    ]);
  });

  it('formats a finding as one line for the command line', () => {
    const doc = oneProject({ indicators: GOOD_INDICATORS.filter((i) => !i.code.startsWith('1')) });
    const [finding] = checkDocument(doc);
    expect(formatFinding(finding!)).toMatch(
      /^错误 \[missing-output\] 区委组织部本级 › 培训经费：缺少产出指标。请在“产出指标”下添加/u,
    );
    const indicatorDoc = oneProject({ indicators: goodIndicatorsWith(2, { cycle: '有所提高' }) });
    const vague = checkDocument(indicatorDoc).find((f) => f.ruleId === 'unmeasurable-value');
    expect(formatFinding(vague!)).toMatch(
      /^警告 \[unmeasurable-value\] 区委组织部本级 › 培训经费 › 第 3 条指标 公务员专题培训班参训人次：实施周期指标值和年度指标值“有所提高”/u,
    );
    const unnamed = buildDocument({
      units: [{ name: ' ', projects: [goodProject({ name: '' })] }],
    });
    expect(checkDocument(unnamed).map(formatFinding)).toEqual([
      expect.stringMatching(/^错误 \[empty-name\] （未命名资金使用单位）：第 1 个资金使用单位/u),
      expect.stringMatching(/^错误 \[empty-name\] （未命名资金使用单位） › （未命名项目）：/u),
      expect.stringMatching(/^提示 \[missing-cost\] （未命名资金使用单位） › （未命名项目）：/u),
    ]);
  });

  it('counts findings per severity', () => {
    const doc = oneProject({
      goal: '',
      indicators: goodIndicatorsWith(0, { annual: '举办6期公务员专题培训班' }).filter(
        (i) => i.code !== '22',
      ),
    });
    const summary = summarize(checkDocument(doc));
    // The hints: annual-differs, and missing-cost (no 成本指标).
    expect(summary).toEqual({ error: 1, warning: 1, hint: 2 });
    expect(formatSummary(summary)).toBe('错误 1 项，警告 1 项，提示 2 项');
    expect(formatSummary(summarize([]))).toBe('未发现问题');
    expect(Object.values(SEVERITY_LABEL)).toEqual(['错误', '警告', '提示']);
  });
});
