import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { dumpToString } from '../../db/interchange.ts';
import { rollover } from '../../db/rollover/index.ts';
import type { HostPort } from '../../db/service/port.ts';
import { HostService } from '../../db/service/service.ts';
import type { EditResult } from '../../db/shared/api/contract.ts';
import type { PreviousYearTable } from '../../db/shared/api/previous-indicators.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { wanCents } from '../amounts.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { ownFixture, tempDir } from '../helpers.ts';

/*
 * 从上年表格复制指标: the host reads last year's file for a table made from it (as 由上年文件新建
 * reads it), the page picks, pasteIndicators pastes them as one undo step — on real files.
 */

let sessions: EditorSession[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

/** A port with one window 'w' on `session`; the clerk's file choices come from `sources`. */
function portFor(session: EditorSession | undefined, sources: (string | undefined)[]) {
  const port = {
    info: { mode: 'browser', version: 'test' },
    recent: () => [],
    session: () => session,
    client: () => 'w',
    still: () => true,
    showing: () => false,
    pageSource: (given: string) => given,
    pageTarget: () => undefined,
    askSource: () => Promise.resolve(sources.shift()),
  } as unknown as HostPort<string>;
  return new HostService(port);
}

function lastYear(dir: string): string {
  const file = path.join(dir, '2025.jxmb');
  TargetDocument.create(file, { department: '区委组织部', year: 2025 }, {}, (doc) => {
    const unit = doc.addUnit('区委组织部本级');
    const p = doc.addProject(unit, { name: '党员教育培训', fiscal: wanCents(3841) });
    doc.addIndicator(p, { level2Code: '11', name: '培训期数', cycleValue: '2025年12期' });
    doc.addIndicator(p, {
      level2Code: '12',
      name: '合格率',
      cycle: { kind: 'structured', operator: '≥', value: '95', unit: '%' },
      weight: '10',
      basis: { kind: '计划标准', text: '年度计划' },
    });
    doc.addIndicator(p, {
      level2Code: '31',
      name: '满意度',
      cycleValue: '≥90%',
      annualValue: '≥85%',
    });
    doc.addProject(unit, { name: '宣传经费' });
  });
  return file;
}

/** Next year's table made from last year's, with 党员教育培训's indicators removed. */
async function thisYear(dir: string, source: string): Promise<EditorSession> {
  const file = path.join(dir, '2026.jxmb');
  await rollover(source, file);
  const s = EditorSession.open(file);
  sessions.push(s);
  const p = s.doc.snapshot().units[0]!.projects[0]!;
  for (const i of p.indicators) s.doc.deleteIndicator(i.id);
  return s;
}

const data = (s: EditorSession): DocumentData => s.doc.snapshot();

describe('从上年表格复制指标', () => {
  it('lists last year’s projects and pastes the indicators picked as one undo step', async () => {
    const dir = tempDir();
    const source = lastYear(dir);
    const s = await thisYear(dir, source);
    const service = portFor(s, [source]);
    const table = (await service.call('w', 'previousYearTable', {})) as PreviousYearTable;
    expect(table.source).toBe('2025.jxmb');
    expect(table.year).toBe(2025);
    expect(table.projects.map((p) => [p.unit, p.name, p.indicators.length])).toEqual([
      ['区委组织部本级', '党员教育培训', 3],
      ['区委组织部本级', '宣传经费', 0],
    ]);
    const [count, rate, satisfaction] = table.projects[0]!.indicators;
    // Moved on a year as 由上年文件新建 moves them: last year's 年度指标值 is 上年指标值.
    expect(satisfaction).toMatchObject({ level2Name: '服务对象满意度', previous: '≥85%' });
    expect(rate).toMatchObject({ weight: '10', basis: { kind: '计划标准', text: '年度计划' } });

    const before = dumpToString(data(s));
    const project = data(s).units[0]!.projects[0]!;
    const r = s.call('pasteIndicators', {
      projectId: project.id,
      indicators: [count, rate],
    }) as EditResult;
    expect(r.id).toBeDefined();
    const pasted = data(s).units[0]!.projects[0]!.indicators;
    expect(pasted.map((i) => [i.level2.code, i.name, i.cycleValue, i.previous])).toEqual([
      ['11', '培训期数', '2025年12期', '2025年12期'],
      ['12', '合格率', '≥95%', '≥95%'],
    ]);
    expect(pasted[1]!.cycle).toEqual({
      kind: 'structured',
      operator: '≥',
      value: '95',
      unit: '%',
      source: null,
    });
    expect(s.historyFor('local').undo).toBe('从上年表格复制指标');
    s.call('undo', {});
    expect(dumpToString(data(s))).toBe(before);
  });

  it('reads a table that states no money unit (its amounts are not used)', async () => {
    const dir = tempDir();
    const text = readFileSync(ownFixture('other-regions/per-row-own-layout-2025.txt'), 'utf8');
    const withUnit = path.join(dir, '上年.txt');
    writeFileSync(withUnit, text);
    const noUnit = path.join(dir, '上年-无单位.txt');
    writeFileSync(noUnit, text.replace(' | 单位：万元', ''));
    const file = path.join(dir, '2026.jxmb');
    await rollover(withUnit, file);
    const s = EditorSession.open(file);
    sessions.push(s);
    const table = (await portFor(s, [noUnit]).call(
      'w',
      'previousYearTable',
      {},
    )) as PreviousYearTable;
    const indicators = table.projects.flatMap((p) => p.indicators);
    expect(indicators.length).toBeGreaterThan(0);
    // The same indicators as 由上年文件新建 put into this year's table.
    const made = s.doc.snapshot().units.flatMap((u) => u.projects.flatMap((p) => p.indicators));
    expect(indicators.map((i) => [i.name, i.previous])).toEqual(
      made.map((i) => [i.name, i.previous]),
    );
  });

  it('refuses a category this table’s tree does not have, naming it, and pastes nothing', async () => {
    const dir = tempDir();
    const source = lastYear(dir);
    const s = await thisYear(dir, source);
    const table = (await portFor(s, [source]).call(
      'w',
      'previousYearTable',
      {},
    )) as PreviousYearTable;
    const [count, rate] = table.projects[0]!.indicators;
    const before = dumpToString(data(s));
    const message = userErrorOf(() =>
      s.call('pasteIndicators', {
        projectId: data(s).units[0]!.projects[0]!.id,
        indicators: [count, { ...rate!, level2Name: '工作质量' }],
      }),
    ).message;
    expect(message).toBe(
      '本表的指标体系中没有“12-工作质量”类别，指标“合格率”未复制；可先“更换指标体系”，或只选其他类别的指标',
    );
    expect(dumpToString(data(s))).toBe(before);
  });

  it('refuses a table not made from last year’s, and a file of another year; cancelling answers null', async () => {
    const dir = tempDir();
    const source = lastYear(dir);
    const plain = EditorSession.open(source);
    sessions.push(plain);
    await expect(portFor(plain, [source]).call('w', 'previousYearTable', {})).rejects.toThrow(
      '本表不是由上年文件新建的，不能从上年表格复制指标',
    );
    plain.close();
    sessions = [];
    const s = await thisYear(dir, source);
    const other = path.join(dir, '2023.jxmb');
    TargetDocument.create(other, { department: '区委组织部', year: 2023 });
    await expect(portFor(s, [other]).call('w', 'previousYearTable', {})).rejects.toThrow(
      '所选文件是 2023 年的表格，本表由 2025 年的表格新建；请选择 2025 年的文件',
    );
    expect(await portFor(s, [undefined]).call('w', 'previousYearTable', {})).toBeNull();
  });
});
