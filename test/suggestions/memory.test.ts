import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowserHost } from '../../cli/web/host.ts';
import { TargetDocument } from '../../db/document.ts';
import { IndicatorMemory, MAX_DOCUMENTS, MEMORY_FILE } from '../../db/service/indicator-memory.ts';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import type { IndicatorSuggestion } from '../../db/shared/suggestions.ts';
import { tempDir } from '../helpers.ts';

/**
 * Suggestions through browser mode's host (the same service Electron's runs) on real documents:
 * document B opened first feeds suggestions in document A, the memory lives only in the host's
 * state folder, survives a restart, and is cleared on request.
 */

let work: string;
let state: string;
const savedStateDir = process.env.JXMB_STATE_DIR;

beforeEach(() => {
  work = tempDir();
  state = tempDir();
  process.env.JXMB_STATE_DIR = state;
});
afterEach(() => {
  if (savedStateDir === undefined) delete process.env.JXMB_STATE_DIR;
  else process.env.JXMB_STATE_DIR = savedStateDir;
});

/** A real document with one project and the given 数量指标 (name, value). */
function makeDoc(name: string, indicators: [string, string][]): string {
  const file = path.join(work, name);
  TargetDocument.create(file, { department: '区委宣传部', year: 2025 }, {}, (doc) => {
    const unit = doc.addUnit('区委宣传部本级');
    const project = doc.addProject(unit, { name: '宣传经费' });
    for (const [n, v] of indicators) {
      doc.addIndicator(project, { level2Code: '11', name: n, cycleValue: v });
    }
  });
  return file;
}

function listing(dir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(path.join(dir, f)).size]));
}

async function suggest(host: BrowserHost, text: string): Promise<IndicatorSuggestion[]> {
  return (await host.call('suggestIndicators', {
    level2Code: '11',
    text,
  })) as IndicatorSuggestion[];
}

describe('suggestions from other documents', () => {
  it('offers B’s indicators in A, writes only its store, survives a restart, and clears', async () => {
    const b = makeDoc('B.jxmb', [
      ['发放宣传资料份数', '5000份'],
      ['举办宣传活动场次', '12场'],
    ]);
    const a = makeDoc('A.jxmb', [['宣传栏更新次数', '4次']]);
    const before = listing(work);
    const bBytes = readFileSync(b);

    const host = new BrowserHost(work, 'test');
    await host.call('openDocument', { path: 'B.jxmb' });
    await host.call('openDocument', { path: 'A.jxmb' });
    const inA = await suggest(host, '宣传');
    const fromB = inA.filter((s) => s.source === 'opened');
    expect(fromB.map((s) => [s.name, s.from])).toEqual(
      expect.arrayContaining([
        ['发放宣传资料份数', 'B.jxmb'],
        ['举办宣传活动场次', 'B.jxmb'],
      ]),
    );
    expect(fromB.find((s) => s.name === '发放宣传资料份数')!.cycle).toEqual({
      kind: 'sentence',
      text: '5000份',
    });
    // A's own indicators are the page's to rank, never the host's (no duplicates).
    expect(inA.some((s) => s.name === '宣传栏更新次数')).toBe(false);
    // The built-in list is there too, ranked after what the clerk wrote.
    expect(inA.some((s) => s.source === 'builtin')).toBe(true);
    expect(inA.findIndex((s) => s.source === 'opened')).toBeLessThan(
      inA.findIndex((s) => s.source === 'builtin'),
    );
    host.close();

    // Only the store was written: the documents folder is as it was (locks gone), B unchanged,
    // the state folder holds the memory file alone (no temporary file left).
    expect(listing(work)).toEqual(before);
    expect(readFileSync(b).equals(bBytes)).toBe(true);
    expect(readdirSync(state)).toEqual([MEMORY_FILE]);
    const stored = JSON.parse(readFileSync(path.join(state, MEMORY_FILE), 'utf8'));
    expect(stored.documents.map((d: { name: string }) => d.name)).toEqual(['A.jxmb', 'B.jxmb']);

    // A restart (a new host on the same state folder) still knows B.
    const again = new BrowserHost(work, 'test');
    await again.call('openDocument', { path: 'A.jxmb' });
    expect((await suggest(again, '资料')).map((s) => s.name)).toContain('发放宣传资料份数');

    // 清除记住的指标: B is forgotten; the built-in list stays.
    expect(await again.call('clearIndicatorMemory', {})).toEqual({ documents: 2, indicators: 3 });
    const cleared = await suggest(again, '宣传');
    expect(cleared.filter((s) => s.source === 'opened')).toEqual([]);
    expect(cleared.length).toBeGreaterThan(0);
    again.close();
    void a;
  });

  it('keeps what was edited before another document opened, and the clerk’s 常用指标', async () => {
    makeDoc('B.jxmb', [['旧名称', '1项']]);
    makeDoc('A.jxmb', []);
    const host = new BrowserHost(work, 'test');
    const opened = (await host.call('openDocument', { path: 'B.jxmb' })) as DocumentState;
    const id = opened.data.units[0]!.projects[0]!.indicators[0]!.id;
    host.current!.call('updateIndicator', { id, name: '宣传片播放次数', cycleValue: '≥30次' });
    expect(await host.call('addCommonIndicator', { id })).toEqual({ name: '宣传片播放次数' });
    await host.call('openDocument', { path: 'A.jxmb' });
    const got = await suggest(host, '播放');
    expect(got.map((s) => [s.name, s.source])).toEqual([['宣传片播放次数', 'own']]);
    expect(got[0]!.seen).toBe(2); // the 常用指标 and B's row: one suggestion
    expect((await suggest(host, '旧名')).length).toBe(0);
    host.close();
  });

  it('refuses a bad request with a message, and a category outside the tree', async () => {
    makeDoc('A.jxmb', []);
    const host = new BrowserHost(work, 'test');
    await expect(host.call('suggestIndicators', { level2Code: '11', text: '' })).rejects.toThrow(
      '没有打开的文档',
    );
    await host.call('openDocument', { path: 'A.jxmb' });
    await expect(host.call('suggestIndicators', { level2Code: '99', text: '' })).rejects.toThrow(
      '二级指标',
    );
    await expect(host.call('suggestIndicators', { text: 1 })).rejects.toThrow('请求内容无效');
    host.close();
  });
});

describe('the indicator memory file', () => {
  it('is bounded: the documents opened longest ago are forgotten first', () => {
    const memory = new IndicatorMemory(state);
    const file = makeDoc('X.jxmb', [['宣传活动场次', '6场']]);
    const data = TargetDocument.open(file, { readonly: true });
    const snapshot = data.snapshot();
    data.close();
    for (let i = 0; i <= MAX_DOCUMENTS; i++)
      memory.remember(snapshot, path.join(work, `d${i}.jxmb`));
    const stored = JSON.parse(readFileSync(memory.file, 'utf8'));
    expect(stored.documents).toHaveLength(MAX_DOCUMENTS);
    expect(stored.documents[0].name).toBe(`d${MAX_DOCUMENTS}.jxmb`);
    expect(stored.documents.some((d: { name: string }) => d.name === 'd0.jxmb')).toBe(false);
  });

  it('reads a damaged file as empty and replaces it at the next write', () => {
    writeFileSync(path.join(state, MEMORY_FILE), '{"version":1,"documents":[');
    const memory = new IndicatorMemory(state);
    expect(memory.candidates()).toEqual([]);
    memory.clear();
    expect(JSON.parse(readFileSync(memory.file, 'utf8'))).toEqual({
      version: 1,
      documents: [],
      own: [],
    });
  });
});
