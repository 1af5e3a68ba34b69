import { WAN2 } from '../amounts.ts';
import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../db/shared/money.ts';
import { HAS_PANYU, PANYU_FIXTURE } from '../helpers.ts';
import { countIndicators, importToSnapshot } from './build.ts';

const EMPTY = { snapshot: { units: [] }, notes: [] } as unknown as ReturnType<
  typeof importToSnapshot
>;

// The real published table of ../shared/fixtures (present in CI); skipped, saying so, elsewhere.
describe.skipIf(!HAS_PANYU)('import of the published Panyu 2024 table', () => {
  // describe's body runs even when skipped: import only when the fixture is there.
  const { snapshot: d, notes } = HAS_PANYU ? importToSnapshot(PANYU_FIXTURE) : EMPTY;
  const projects = d.units.flatMap((u) => u.projects);
  const indicators = projects.flatMap((p) => p.indicators);

  it('reads the header', () => {
    expect(d.department).toBe('中国共产党广州市番禺区委员会组织部');
    expect(d.year).toBe(2024);
    expect(d.title).toBe(
      '中国共产党广州市番禺区委员会组织部 2024年项目支出绩效目标表（含转移支付项目）',
    );
    expect(d.titleIsDerived).toBe(true);
    expect(d.tree.id).toBe('default');
  });

  it('finds 3 units, 51 projects and 273 indicators', () => {
    expect(d.units.map((u) => u.name)).toEqual([
      '区委组织部本级',
      '区党员电教中心',
      '中共广州市番禺区委机构编制委员会办公室',
    ]);
    expect(projects).toHaveLength(51);
    expect(countIndicators(d)).toBe(273);
    expect(d.units.map((u) => u.projects.length)).toEqual([48, 1, 2]);
  });

  it('reconciles every total with the printed ones', () => {
    const t = (x: { total: number; fiscal: number; specialAccount: number; other: number }) =>
      [x.total, x.fiscal, x.specialAccount, x.other].map((c) => formatAmount(c as never, WAN2));
    expect(t(d.totals)).toEqual(['10584.83', '10583.81', '0.00', '1.02']);
    expect(t(d.units[0]!.totals)).toEqual(['10523.98', '10522.96', '0.00', '1.02']);
    expect(t(d.units[1]!.totals)).toEqual(['28.00', '28.00', '0.00', '0.00']);
    expect(t(d.units[2]!.totals)).toEqual(['32.85', '32.85', '0.00', '0.00']);
  });

  it('places the party-dues amounts outside 财政拨款 and says why', () => {
    for (const name of ['直机下拨党费', '离退支部党费返拨']) {
      const p = projects.find((x) => x.name === name)!;
      expect(p.totals.fiscal).toBe(0);
      expect(p.totals.other).toBe(p.totals.total);
      expect(notes.some((n) => n.message.includes(name) && n.message.includes('其他资金'))).toBe(
        true,
      );
    }
    // The text cannot tell 其他资金 from 财政专户拨款: the import must say so, not hide it.
    expect(notes.find((n) => n.line === 713)?.severity).toBe('warning');
  });

  it('rejoins names broken over lines', () => {
    expect(projects.map((p) => p.name)).toContain('番禺区村书记、主任（理事长）一身兼岗位补贴经费');
    expect(projects.map((p) => p.name)).toContain('村办公经费（上级提前下达）');
    expect(projects.map((p) => p.name)).toContain('番禺区“羊城村官上大学”工程工作经费');
  });

  it('reads goals and indicators, without extraction spaces', () => {
    const first = projects[0]!;
    expect(first.name).toBe('培训经费');
    expect(first.goal.split('\n')).toHaveLength(2);
    expect(first.goal).toMatch(/^1\.坚持以习近平新时代中国特色社会主义思想为指导，/);
    expect(first.indicators).toHaveLength(9);
    expect(first.indicators[4]).toMatchObject({
      level1: { code: '2', name: '效益指标' },
      level2: { code: '22', name: '社会效益' },
      name: '公务员专题培训班',
      cycleValue: '全年参与公务员专题培训班人次达到2.4万人次',
      annualValue: '全年参与公务员专题培训班人次达到2.4万人次',
      annualFollowsCycle: true,
    });
    expect(indicators.some((i) => /[\p{Script=Han}] | [\p{Script=Han}]/u.test(i.cycleValue))).toBe(
      false,
    );
  });

  it('links the annual value where it equals the cycle value (268 of 273)', () => {
    expect(indicators.filter((i) => i.annualFollowsCycle)).toHaveLength(268);
    expect(indicators.filter((i) => i.annualValue === i.cycleValue)).toHaveLength(268);
  });

  it('keeps the 31-coded indicator printed under 2-效益指标 as 满意度 and reports it', () => {
    const odd = notes.filter((n) => n.message.includes('31-服务对象满意度 属于 3-满意度指标'));
    expect(odd).toHaveLength(1);
    expect(odd[0]!.line).toBe(1973);
    const p = projects.find((x) => x.name === '镇(街)党建工作指导员工资补助经费（市级提前下达）')!;
    expect(p.indicators[4]).toMatchObject({
      name: '群众满意度',
      level1: { code: '3' },
      level2: { code: '31' },
    });
  });
});
