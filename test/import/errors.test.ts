import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../db/shared/errors.ts';
import { importPublishedText, ImportError } from '../../db/import/index.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { runCli } from '../cli/run.ts';

const SMALL = readFileSync(ownFixture('small-published.txt'), 'utf8');

function lineOf(text: string, fragment: string): number {
  return text.split('\n').findIndex((l) => l.includes(fragment)) + 1;
}

function expectImportError(text: string, line: number, fragment: string) {
  let error: unknown;
  try {
    importPublishedText(text);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ImportError);
  expect((error as ImportError).line).toBe(line);
  expect((error as Error).message).toContain(`第 ${line} 行`);
  expect((error as Error).message).toContain(fragment);
}

describe('import refuses text it cannot read, naming the line', () => {
  it('empty text', () => {
    expect(() => importPublishedText('\n\n  \n')).toThrow(UserError);
    expect(() => importPublishedText('')).toThrow('文本为空');
  });

  it('no title', () => {
    const text = SMALL.replace(/^.*项目支出绩效目标表.*$/m, '某某表');
    expectImportError(text, 2, '找不到表格标题');
  });

  it('no 合计 row', () => {
    const text = SMALL.replace('合计 1,100.00 1,090.00 8.00 2.00', '');
    expectImportError(text, lineOf(SMALL, '区教育局本级 1,060.00'), '找不到“合计”行');
  });

  it('an indicator without 年度指标值', () => {
    const text = SMALL.replace(
      '。2、1-产出指标；14-成本指标；单',
      '；2、1-产出指标；14-成本指标；单',
    ).replace(
      '台成本；实施周期指标值:单台成本≤0.8万元；年度指标值:单台成本≤0.8',
      '台成本；实施周期指标值:单台成本≤0.8万元；单台成本≤0.8',
    );
    expectImportError(text, lineOf(SMALL, '2、1-产出指标；14-成本指标'), '缺少“年度指标值:”');
  });

  it('a category that is in no tree', () => {
    const text = SMALL.replace('3、2-效益指标；21-经济效益', '3、2-效益指标；29-神秘效益');
    expectImportError(text, lineOf(SMALL, '3、2-效益指标；21-经济效益'), '29-神秘效益');
  });

  it('a money unit other than 万元 or 元', () => {
    const text = SMALL.replace('单位：万元', '单位：千元');
    expectImportError(text, lineOf(SMALL, '部门名称：'), '只支持单位为万元或元');
  });

  it('writes no file and leaves no temporary file when it fails (CLI)', () => {
    const dir = tempDir();
    const input = path.join(dir, 'broken.txt');
    writeFileSync(input, SMALL.replace('合计 1,100.00 1,090.00 8.00 2.00', ''));
    const r = runCli(['import', input, '-o', path.join(dir, 'out.jxmb')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('找不到“合计”行');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['broken.txt']);
  });
});
