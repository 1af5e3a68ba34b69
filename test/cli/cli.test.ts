import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, tempDir } from '../helpers.ts';
import { runCli } from './run.ts';

const NO_STACK = /\n\s+at /;

describe('the command line', () => {
  const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');

  it('prints its usage', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['import', 'dump', 'load', 'check', 'info']) expect(r.stdout).toContain(cmd);
  });

  it('imports, summarises, dumps and loads back identically', () => {
    const dir = tempDir();
    const doc = path.join(dir, '表.jxmb');
    const imported = runCli(['import', source, '-o', doc]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/资金使用单位 \d+ 个，项目 \d+ 个，绩效指标 \d+ 条/);

    const info = runCli(['info', doc]);
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('部门名称：');
    if (HAS_PANYU) {
      expect(imported.stdout).toContain('资金使用单位 3 个，项目 51 个，绩效指标 273 条');
      expect(imported.stdout).toContain('第 1973 行');
      expect(info.stdout).toContain('总计 10,584.83');
    }

    const dumped = runCli(['dump', doc]);
    expect(dumped.status).toBe(0);
    const json = path.join(dir, 'table.json');
    writeFileSync(json, dumped.stdout);
    const copy = path.join(dir, 'copy.jxmb');
    expect(runCli(['load', json, '-o', copy]).status).toBe(0);
    expect(runCli(['dump', copy]).stdout).toBe(dumped.stdout);

    const toFile = path.join(dir, 'out.json');
    expect(runCli(['dump', copy, '-o', toFile]).status).toBe(0);
    expect(readFileSync(toFile, 'utf8')).toBe(dumped.stdout);
  });

  it('refuses to overwrite unless told to', () => {
    const dir = tempDir();
    const doc = path.join(dir, 'a.jxmb');
    writeFileSync(doc, 'precious');
    const r = runCli(['import', source, '-o', doc]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('已存在');
    expect(readFileSync(doc, 'utf8')).toBe('precious');
    const forced = runCli(['import', source, '-o', doc, '--force']);
    expect(forced.status).toBe(0);
    expect(statSync(doc).size).toBeGreaterThan(1000);
  });

  it.each([
    [['frobnicate'], '未知命令'],
    [['import', 'missing.txt', '-o', 'x.jxmb'], '找不到文件'],
    [['import', 'x.txt'], '缺少输出文档'],
    [['info'], '缺少文档路径'],
    [['info', '--bogus', 'x'], '参数有误'],
    [['info', 'package.json'], '不是绩效目标表文件'],
    [['load', 'package.json', '-o', 'never.jxmb'], 'JSON 内容有误'],
  ])('a user error %j gives a clear message and no stack trace', (args, fragment) => {
    const dir = tempDir();
    const r = runCli(
      args.map((a) => (a === 'package.json' ? path.resolve('package.json') : a)),
      {
        cwd: dir,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(existsSync(path.join(dir, 'never.jxmb'))).toBe(false);
  });
});
