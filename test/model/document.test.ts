import { WAN2, wanCents } from '../amounts.ts';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { UserError } from '../../db/shared/errors.ts';
import { formatAmount, tryParseAmount, type Cents } from '../../db/shared/money.ts';
import type { DocumentData, IndicatorData } from '../../db/shared/types.ts';
import { tempDir } from '../helpers.ts';

const open: TargetDocument[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

function newDocument(): { doc: TargetDocument; file: string } {
  const file = path.join(tempDir(), '表.jxmb');
  const doc = TargetDocument.createAndOpen(file, { department: '区委组织部', year: 2025 });
  open.push(doc);
  return { doc, file };
}

function amount(text: string): Cents {
  const c = tryParseAmount(text, WAN2);
  if (c === undefined) throw new Error(`bad amount in test: ${text}`);
  return c;
}

/** The error `fn` throws, which must be a UserError (shown to the clerk as it is). */
function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).message;
  }
  throw new Error('expected a UserError, but nothing was thrown');
}

/** The stored positions of a table's rows under one parent, in order: must be 0..n-1. */
function positions(file: string, sql: string, ...params: number[]): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(sql)
      .pluck()
      .all(...params) as number[];
  } finally {
    db.close();
  }
}

function dense(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function indicator(data: DocumentData, id: number): IndicatorData {
  for (const u of data.units)
    for (const p of u.projects) for (const i of p.indicators) if (i.id === id) return i;
  throw new Error(`no indicator ${id}`);
}

function values(doc: TargetDocument, id: number) {
  const i = indicator(doc.snapshot(), id);
  return { cycle: i.cycleValue, annual: i.annualValue, follows: i.annualFollowsCycle };
}

describe('年度指标值 follows 实施周期指标值 until the clerk makes it different', () => {
  function withIndicator() {
    const { doc, file } = newDocument();
    const project = doc.addProject(doc.addUnit('区委组织部本级'), { name: '干部教育培训' });
    const id = doc.addIndicator(project, {
      level2Code: '11',
      name: '培训期数',
      cycleValue: '12期',
    });
    return { doc, file, project, id };
  }

  it('a new indicator is linked: the annual value is the cycle value', () => {
    const { doc, id } = withIndicator();
    expect(values(doc, id)).toEqual({ cycle: '12期', annual: '12期', follows: true });
  });

  it('changing the cycle value while linked changes the annual value too', () => {
    const { doc, id } = withIndicator();
    doc.updateIndicator(id, { cycleValue: '举办15期' });
    expect(values(doc, id)).toEqual({ cycle: '举办15期', annual: '举办15期', follows: true });
  });

  it('a different annual value unlinks them; later cycle changes leave it alone', () => {
    const { doc, id } = withIndicator();
    doc.updateIndicator(id, { annualValue: '6期' });
    expect(values(doc, id)).toEqual({ cycle: '12期', annual: '6期', follows: false });
    doc.updateIndicator(id, { cycleValue: '24期' });
    expect(values(doc, id)).toEqual({ cycle: '24期', annual: '6期', follows: false });
  });

  it('an annual value equal to the cycle value keeps the link', () => {
    const { doc, id } = withIndicator();
    doc.updateIndicator(id, { annualValue: '12期' });
    expect(values(doc, id)).toEqual({ cycle: '12期', annual: '12期', follows: true });
    doc.updateIndicator(id, { cycleValue: '13期', annualValue: '13期' });
    expect(values(doc, id)).toEqual({ cycle: '13期', annual: '13期', follows: true });
  });

  it('setting the flag again copies the cycle value into the annual value', () => {
    const { doc, id } = withIndicator();
    doc.updateIndicator(id, { annualValue: '6期' });
    doc.updateIndicator(id, { annualFollowsCycle: true });
    expect(values(doc, id)).toEqual({ cycle: '12期', annual: '12期', follows: true });
    doc.updateIndicator(id, { annualValue: '6期' });
    doc.updateIndicator(id, { cycleValue: '20期', annualFollowsCycle: true });
    expect(values(doc, id)).toEqual({ cycle: '20期', annual: '20期', follows: true });
  });

  it('unlinking by the flag keeps the annual value as it is', () => {
    const { doc, id } = withIndicator();
    doc.updateIndicator(id, { annualFollowsCycle: false });
    doc.updateIndicator(id, { cycleValue: '30期' });
    expect(values(doc, id)).toEqual({ cycle: '30期', annual: '12期', follows: false });
  });

  it('an indicator added with a different annual value starts unlinked', () => {
    const { doc, project } = withIndicator();
    const id = doc.addIndicator(project, {
      level2Code: '12',
      cycleValue: '合格率100%',
      annualValue: '合格率95%',
    });
    expect(values(doc, id)).toEqual({ cycle: '合格率100%', annual: '合格率95%', follows: false });
  });

  it('a contradictory edit (linked, with a different annual value) is refused whole', () => {
    const { doc, id } = withIndicator();
    const before = doc.snapshot();
    expect(
      userError(() =>
        doc.updateIndicator(id, {
          cycleValue: '15期',
          annualValue: '6期',
          annualFollowsCycle: true,
        }),
      ),
    ).toBe('年度指标值与实施周期指标值不同，不能同时设为“与实施周期指标值一致”');
    expect(doc.snapshot()).toEqual(before);
  });
});

describe('funding units', () => {
  it('are added (at the end or at a position), renamed, moved and deleted, in order', () => {
    const { doc, file } = newDocument();
    const a = doc.addUnit('甲单位');
    const b = doc.addUnit('乙单位');
    const c = doc.addUnit('丙单位', 0);
    const d = doc.addUnit('丁单位', 99); // past the end: appended
    const names = () => doc.snapshot().units.map((u) => u.name);
    const unitPositions = () => positions(file, 'SELECT position FROM unit ORDER BY position');
    expect(names()).toEqual(['丙单位', '甲单位', '乙单位', '丁单位']);
    expect(unitPositions()).toEqual(dense(4));

    doc.renameUnit(a, '区委组织部本级');
    doc.moveUnit(c, 3);
    expect(names()).toEqual(['区委组织部本级', '乙单位', '丁单位', '丙单位']);
    doc.moveUnit(d, -5); // before the start: first
    expect(names()).toEqual(['丁单位', '区委组织部本级', '乙单位', '丙单位']);
    expect(unitPositions()).toEqual(dense(4));

    doc.deleteUnit(b);
    expect(names()).toEqual(['丁单位', '区委组织部本级', '丙单位']);
    expect(unitPositions()).toEqual(dense(3));
  });

  it('deleting a unit deletes its projects and their indicators', () => {
    const { doc, file } = newDocument();
    const keep = doc.addUnit('保留');
    const gone = doc.addUnit('删除');
    const kept = doc.addProject(keep, { name: '保留的项目' });
    doc.addIndicator(kept, { level2Code: '11' });
    for (let i = 0; i < 3; i++) {
      const p = doc.addProject(gone, { name: `项目${i}`, fiscal: wanCents(100) });
      doc.addIndicator(p, { level2Code: '11' });
      doc.addIndicator(p, { level2Code: '22' });
    }
    doc.deleteUnit(gone);
    const data = doc.snapshot();
    expect(data.units.map((u) => u.projects.map((p) => p.name))).toEqual([['保留的项目']]);
    expect(data.totals.total).toBe(0);
    expect(positions(file, 'SELECT count(*) FROM project')).toEqual([1]);
    expect(positions(file, 'SELECT count(*) FROM indicator')).toEqual([1]);
  });

  it('a missing unit is a UserError naming it', () => {
    const { doc } = newDocument();
    doc.addUnit('甲单位');
    expect(userError(() => doc.renameUnit(999, '新名称'))).toBe(
      '该资金使用单位已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.moveUnit(999, 0))).toBe(
      '该资金使用单位已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.deleteUnit(999))).toBe(
      '该资金使用单位已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.addProject(999, { name: '项目' }))).toBe(
      '该资金使用单位已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
  });
});

describe('projects', () => {
  function twoUnits() {
    const { doc, file } = newDocument();
    const u1 = doc.addUnit('区委组织部本级');
    const u2 = doc.addUnit('区党员电教中心');
    const [p1, p2, p3] = ['培训', '党费', '调研'].map((name) => doc.addProject(u1, { name }));
    const q1 = doc.addProject(u2, { name: '电视片' });
    const projectNames = () => doc.snapshot().units.map((u) => u.projects.map((p) => p.name));
    const projectPositions = (unit: number) =>
      positions(file, 'SELECT position FROM project WHERE unit_id = ? ORDER BY position', unit);
    return { doc, u1, u2, p1: p1!, p2: p2!, p3: p3!, q1, projectNames, projectPositions };
  }

  it('are added at a position, updated, moved within their unit and deleted', () => {
    const { doc, u1, p1, p2, p3, projectNames, projectPositions } = twoUnits();
    const p0 = doc.addProject(u1, { name: '新项目', goal: '目标1：完成。' }, 1);
    expect(projectNames()).toEqual([['培训', '新项目', '党费', '调研'], ['电视片']]);

    doc.updateProject(p1, { name: '干部教育培训', fiscal: amount('10,584.83'), goal: '举办12期' });
    const project = doc.snapshot().units[0]!.projects[0]!;
    expect([project.name, project.goal, project.totals.fiscal]).toEqual([
      '干部教育培训',
      '举办12期',
      10_584_830_000,
    ]);

    doc.moveProject(p3, 0);
    expect(projectNames()[0]).toEqual(['调研', '干部教育培训', '新项目', '党费']);
    doc.deleteProject(p0);
    doc.deleteProject(p2);
    expect(projectNames()).toEqual([['调研', '干部教育培训'], ['电视片']]);
    expect(projectPositions(u1)).toEqual(dense(2));
  });

  it('move to another unit at a position, keeping both units dense', () => {
    const { doc, u1, u2, p1, p2, projectNames, projectPositions } = twoUnits();
    const indicatorId = doc.addIndicator(p2, { level2Code: '11', cycleValue: '全额上缴' });
    doc.moveProject(p2, 0, u2);
    expect(projectNames()).toEqual([
      ['培训', '调研'],
      ['党费', '电视片'],
    ]);
    expect(projectPositions(u1)).toEqual(dense(2));
    expect(projectPositions(u2)).toEqual(dense(2));
    // The project takes its indicators along.
    expect(doc.snapshot().units[1]!.projects[0]!.indicators.map((i) => i.id)).toEqual([
      indicatorId,
    ]);
    doc.moveProject(p1, 5, u2);
    expect(projectNames()).toEqual([['调研'], ['党费', '电视片', '培训']]);
    expect(projectPositions(u1)).toEqual(dense(1));
    expect(projectPositions(u2)).toEqual(dense(3));
  });

  it('a missing project or target unit is a UserError naming it', () => {
    const { doc, p1 } = twoUnits();
    expect(userError(() => doc.updateProject(999, { name: '新' }))).toBe(
      '该项目已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.moveProject(999, 0))).toBe(
      '该项目已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.deleteProject(999))).toBe(
      '该项目已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.addIndicator(999, { level2Code: '11' }))).toBe(
      '该项目已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    const before = doc.snapshot();
    expect(userError(() => doc.moveProject(p1, 0, 999))).toBe(
      '该资金使用单位已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(doc.snapshot()).toEqual(before);
  });
});

describe('indicators', () => {
  it('are added at a position, moved and deleted; snapshot order follows positions', () => {
    const { doc, file } = newDocument();
    const project = doc.addProject(doc.addUnit('区委组织部本级'), { name: '培训' });
    const other = doc.addProject(doc.addUnit('区党员电教中心'), { name: '电视片' });
    const a = doc.addIndicator(project, { level2Code: '11', name: 'A' });
    const b = doc.addIndicator(project, { level2Code: '31', name: 'B' });
    const c = doc.addIndicator(project, { level2Code: '22', name: 'C' }, 0);
    const d = doc.addIndicator(project, { level2Code: '12', name: 'D' }, 2);
    const elsewhere = doc.addIndicator(other, { level2Code: '11', name: 'X' });
    const names = () => doc.snapshot().units[0]!.projects[0]!.indicators.map((i) => i.name);
    const indicatorPositions = () =>
      positions(
        file,
        'SELECT position FROM indicator WHERE project_id = ? ORDER BY position',
        project,
      );
    expect(names()).toEqual(['C', 'A', 'D', 'B']);
    expect(indicatorPositions()).toEqual(dense(4));

    doc.moveIndicator(c, 3);
    expect(names()).toEqual(['A', 'D', 'B', 'C']);
    doc.moveIndicator(b, 0);
    expect(names()).toEqual(['B', 'A', 'D', 'C']);
    expect(indicatorPositions()).toEqual(dense(4));

    doc.deleteIndicator(a);
    expect(names()).toEqual(['B', 'D', 'C']);
    expect(indicatorPositions()).toEqual(dense(3));
    doc.deleteIndicator(d);
    expect(names()).toEqual(['B', 'C']);
    expect(indicatorPositions()).toEqual(dense(2));
    // The other project's indicators are not disturbed.
    expect(doc.snapshot().units[1]!.projects[0]!.indicators.map((i) => i.id)).toEqual([elsewhere]);

    // Category and details come back as set, with the tree's names.
    doc.setIndicatorCategory(c, '23');
    doc.updateIndicator(c, {
      cycle: { kind: 'structured', operator: '=', value: '3', unit: '部' },
      weight: '10',
      basis: { kind: '计划标准', text: '计划' },
    });
    const moved = indicator(doc.snapshot(), c);
    expect([moved.level1.code, moved.level1.name, moved.level2.name]).toEqual([
      '2',
      '效益指标',
      '生态效益',
    ]);
    expect([moved.cycleValue, moved.weight, moved.basis]).toEqual([
      '＝3部',
      '10',
      { kind: '计划标准', text: '计划' },
    ]);
  });

  it('a missing indicator is a UserError naming it', () => {
    const { doc } = newDocument();
    expect(userError(() => doc.updateIndicator(999, { name: '新' }))).toBe(
      '该指标已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.moveIndicator(999, 0))).toBe(
      '该指标已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.deleteIndicator(999))).toBe(
      '该指标已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
    expect(userError(() => doc.setIndicatorCategory(999, '11'))).toBe(
      '该指标已不存在（可能已在其他窗口中删除），这次修改未保存',
    );
  });
});

describe('totals are exact', () => {
  it('project 总计 = its sources; unit = its projects; 合计 = the units, to the cent', () => {
    const { doc } = newDocument();
    const u1 = doc.addUnit('区委组织部本级');
    const u2 = doc.addUnit('区党员电教中心');
    // 0.1 + 0.2 is 0.30000000000000004 in binary floats, and ten 0.10 add up to 0.9999999999999999.
    doc.addProject(u1, { fiscal: amount('0.10'), specialAccount: amount('0.20') });
    for (let i = 0; i < 10; i++) doc.addProject(u2, { other: amount('0.10') });
    doc.addProject(u2, {
      fiscal: amount('10,584.83'),
      specialAccount: amount('0.56'),
      other: amount('0.01'),
    });

    const data = doc.snapshot();
    const first = data.units[0]!.projects[0]!.totals;
    expect(formatAmount(first.total, WAN2)).toBe('0.30');
    for (const u of data.units) {
      for (const p of u.projects) {
        expect(p.totals.total).toBe(p.totals.fiscal + p.totals.specialAccount + p.totals.other);
      }
      for (const key of ['fiscal', 'specialAccount', 'other', 'total'] as const) {
        expect(u.totals[key]).toBe(u.projects.reduce((s, p) => s + p.totals[key], 0));
      }
    }
    expect(data.units.map((u) => formatAmount(u.totals.total, WAN2))).toEqual(['0.30', '10586.40']);
    expect(formatAmount(data.units[1]!.totals.other, WAN2)).toBe('1.01');
    expect(data.totals).toEqual({
      fiscal: amount('10584.93'),
      specialAccount: amount('0.76'),
      other: amount('1.01'),
      total: amount('10586.70'),
    });
  });

  it('refuses an amount that is not a whole number of cents, changing nothing', () => {
    const { doc } = newDocument();
    const unit = doc.addUnit('区委组织部本级');
    const before = doc.snapshot();
    expect(userError(() => doc.addProject(unit, { name: '培训', fiscal: 0.1 as Cents }))).toBe(
      '财政拨款不是有效金额',
    );
    // The project row was inserted before the amount was checked; the whole edit rolled back.
    expect(doc.snapshot()).toEqual(before);
  });
});

describe('the document header', () => {
  it('the title is derived from department and year until set; setTitle(null) restores it', () => {
    const { doc, file } = newDocument();
    const header = () => {
      const d = doc.snapshot();
      return { department: d.department, year: d.year, title: d.title, derived: d.titleIsDerived };
    };
    expect(header()).toEqual({
      department: '区委组织部',
      year: 2025,
      title: '区委组织部 2025年项目支出绩效目标表（含转移支付项目）',
      derived: true,
    });
    doc.setYear(2026);
    doc.setDepartment('区委宣传部');
    expect(header().title).toBe('区委宣传部 2026年项目支出绩效目标表（含转移支付项目）');

    doc.setTitle('区委宣传部 2026年部门项目支出绩效目标表');
    doc.setYear(2027);
    expect(header()).toEqual({
      department: '区委宣传部',
      year: 2027,
      title: '区委宣传部 2026年部门项目支出绩效目标表',
      derived: false,
    });

    doc.setTitle(null);
    expect(header()).toEqual({
      department: '区委宣传部',
      year: 2027,
      title: '区委宣传部 2027年项目支出绩效目标表（含转移支付项目）',
      derived: true,
    });

    // All of it is in the file.
    doc.close();
    const again = TargetDocument.open(file);
    open.push(again);
    expect(again.snapshot().title).toBe('区委宣传部 2027年项目支出绩效目标表（含转移支付项目）');
  });

  it('an invalid year is a UserError, in the model and when creating', () => {
    const { doc } = newDocument();
    for (const year of [99, 1948, 3000, 2025.5, Number.NaN, 20250]) {
      expect(userError(() => doc.setYear(year))).toBe(
        `预算年度“${year}”无效，应为四位年份，例如 2025`,
      );
    }
    expect(doc.snapshot().year).toBe(2025);
    const file = path.join(tempDir(), '新表.jxmb');
    expect(
      userError(() => TargetDocument.create(file, { department: '区委组织部', year: 25 })),
    ).toBe('预算年度“25”无效，应为四位年份，例如 2025');
  });

  it('an unknown tree is a UserError', () => {
    const file = path.join(tempDir(), '新表.jxmb');
    expect(
      userError(() => TargetDocument.create(file, { department: '部门', year: 2025, tree: 'x' })),
    ).toBe('没有名为“x”的指标体系');
  });
});

describe('every edit is atomic', () => {
  function filled() {
    const { doc, file } = newDocument();
    const unit = doc.addUnit('区委组织部本级');
    const other = doc.addUnit('区党员电教中心');
    const project = doc.addProject(unit, { name: '培训', fiscal: amount('12.00') });
    const id = doc.addIndicator(project, {
      level2Code: '11',
      name: '培训期数',
      cycleValue: '12期',
    });
    doc.addIndicator(project, { level2Code: '31', name: '满意度', cycleValue: '≥90%' });
    return { doc, file, unit, other, project, id };
  }

  it('a failing edit leaves the document, in memory and on disk, as it was', () => {
    const { doc, file, other, project, id } = filled();
    const before = doc.snapshot();

    // A valid change in the same call as an invalid one: neither happens.
    expect(userError(() => doc.updateIndicator(id, { cycleValue: '15期', weight: '101' }))).toBe(
      '权重“101”无效，应为 0 到 100 之间的数',
    );
    expect(
      userError(() =>
        doc.updateIndicator(id, {
          name: '新名称',
          cycle: { kind: 'structured', operator: '=>', value: '1', unit: '' },
        }),
      ),
    ).toBe('计算符号“=>”无法识别，应为 ≥ ＞ ＝ ＜ ≤ 定性 之一');
    // These fail after they already wrote something inside their transaction.
    expect(userError(() => doc.addIndicator(project, { level2Code: '12', weight: '-1' }))).toBe(
      '权重“-1”无效，应为 0 到 100 之间的数',
    );
    expect(userError(() => doc.moveProject(project, 0.5, other))).toBe('位置“0.5”无效');
    expect(
      userError(() => doc.updateProject(project, { name: '新', other: Number.NaN as Cents })),
    ).toBe('其他资金不是有效金额');
    expect(userError(() => doc.setDepartment('长'.repeat(20_001)))).toBe(
      '部门名称过长（超过 20000 字）',
    );
    // A group of edits run as one transaction is undone whole when it fails.
    expect(() =>
      doc.transaction(() => {
        doc.addUnit('新单位');
        doc.deleteProject(project);
        throw new UserError('粘贴失败');
      }),
    ).toThrow('粘贴失败');

    expect(doc.snapshot()).toEqual(before);
    doc.close();
    const reopened = TargetDocument.open(file);
    open.push(reopened);
    expect(reopened.snapshot()).toEqual(before);
    expect(
      positions(
        file,
        'SELECT position FROM indicator WHERE project_id = ? ORDER BY position',
        project,
      ),
    ).toEqual(dense(2));
  });

  it('a successful edit is on disk when it returns', () => {
    const { doc, file, id } = filled();
    doc.updateIndicator(id, { cycleValue: '举办15期' });
    // Another connection, as a copy or a crash would see the file, already has it.
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT annual_value FROM indicator WHERE id = ?').pluck().get(id)).toBe(
      '举办15期',
    );
    db.close();
  });
});
