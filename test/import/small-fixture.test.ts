import { WAN2 } from '../amounts.ts';
import { readFileSync } from 'node:fs';
import { importPublishedText } from '../../db/import/index.ts';
import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../db/shared/money.ts';
import { ownFixture } from '../helpers.ts';
import { countIndicators, importToSnapshot } from './build.ts';

// The project's own small table in the published notation, with the same kinds of defects as the
// real one: broken lines, stray spaces, lost empty cells, a 31-code under 2-效益指标.
describe('import of the small published table', () => {
  const { snapshot: d, notes } = importToSnapshot(ownFixture('small-published.txt'));
  const projects = d.units.flatMap((u) => u.projects);
  const amounts = (name: string) => {
    const t = projects.find((p) => p.name === name)!.totals;
    return [t.total, t.fiscal, t.specialAccount, t.other].map((c) => formatAmount(c, WAN2));
  };

  it('reads header, units, projects, indicators', () => {
    expect(d.department).toBe('示例市示例区教育局');
    expect(d.year).toBe(2024);
    expect(d.units.map((u) => u.name)).toEqual(['区教育局本级', '示例区教师发展中心']);
    expect(projects.map((p) => p.name)).toEqual([
      '教师培训经费',
      '学生资助专户资金',
      '离退休支部党费返拨',
      '教学设备购置及Windows 10系统升级',
    ]);
    expect(countIndicators(d)).toBe(13);
  });

  it('puts single-source amounts in the column the totals require', () => {
    expect(amounts('教师培训经费')).toEqual(['1050.00', '1050.00', '0.00', '0.00']);
    expect(amounts('学生资助专户资金')).toEqual(['8.00', '0.00', '8.00', '0.00']);
    expect(amounts('离退休支部党费返拨')).toEqual(['2.00', '0.00', '0.00', '2.00']);
    expect(formatAmount(d.totals.total, WAN2)).toBe('1100.00');
    const inferred = notes.filter((n) => n.message.includes('未标明所属列'));
    expect(inferred.map((n) => n.line)).toEqual([34, 48]);
    // Here the three-column rows leave no doubt: reported as information, not as a warning.
    expect(inferred.every((n) => n.severity === 'info')).toBe(true);
  });

  it('removes spaces next to Chinese, keeps them inside Latin and number runs', () => {
    expect(projects[0]!.goal).toBe(
      '1.组织全区教师开展专业培训，提升教学水平。\n2.完成年度继续教育学分登记。',
    );
    expect(projects[0]!.indicators[0]!.cycleValue).toBe('培训教师1200人次');
    expect(projects[3]!.name).toContain('Windows 10');
  });

  it('keeps an annual value that differs, unlinked', () => {
    const i = projects[1]!.indicators[2]!;
    expect(i).toMatchObject({
      cycleValue: '满意度≥90%',
      annualValue: '满意度≥85%',
      annualFollowsCycle: false,
    });
  });

  it('does not double the closing 。 of a value that had one', () => {
    const i = projects[2]!.indicators[0]!;
    expect(i.cycleValue).toBe('组织学习活动4次。');
    expect(i.annualValue).toBe('组织学习活动4次。');
    expect(i.annualFollowsCycle).toBe(true);
  });

  it('keeps the second-level code when the first level contradicts it, and reports it', () => {
    const i = projects[0]!.indicators[4]!;
    expect(i.level2.code).toBe('31');
    expect(i.level1.code).toBe('3');
    const note = notes.find((n) => n.message.includes('参训教师满意度'));
    expect(note).toMatchObject({ severity: 'warning', line: 30 });
    expect(note!.message).toContain('2-效益指标；31-服务对象满意度');
  });
});

describe('variants of the small table that clerks paste', () => {
  const text = readFileSync(ownFixture('small-published.txt'), 'utf8');
  const names = (t: string) =>
    importPublishedText(t).draft.units.map((u) => [u.name, u.projects.map((p) => p.name)]);
  const expected = importPublishedText(text).draft;

  it('without indentation (copied from a PDF viewer): units told apart by their lack of text', () => {
    const flat = text
      .split('\n')
      .map((l) => l.trimStart())
      .join('\n');
    expect(importPublishedText(flat).draft).toEqual(expected);
  });

  it('with Windows line ends, a BOM and page furniture', () => {
    const noisy =
      '\uFEFF' +
      text
        .replace(
          '    学生资助专户资金',
          '第 1 页 共 2 页\n\n项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n    学生资助专户资金',
        )
        .replaceAll('\n', '\r\n');
    expect(importPublishedText(noisy).draft).toEqual(expected);
  });

  it('a project without any amount becomes a zero project, reported', () => {
    const withZero = text.replace(
      '示例区教师发展中心 40.00 40.00\n',
      '示例区教师发展中心 40.00 40.00\n\n    预留项目\n\n待定。\n',
    );
    const { draft, notes } = importPublishedText(withZero);
    expect(names(withZero)[1]).toEqual([
      '示例区教师发展中心',
      ['预留项目', '教学设备购置及Windows 10系统升级'],
    ]);
    expect(draft.units[1]!.projects[0]!.amounts).toEqual({
      fiscal: 0,
      specialAccount: 0,
      other: 0,
    });
    expect(draft.units[1]!.projects[0]!.goal).toBe('待定。');
    expect(notes.some((n) => n.message.includes('“预留项目”没有金额'))).toBe(true);
  });
});
