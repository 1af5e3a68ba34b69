import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { HAS_SOFFICE } from '../export/tools.ts';
import { tempDir } from '../helpers.ts';
import { FORMS, writeFormCsv, writeFormWorkbook } from '../service/workbooks.ts';
import { runCliAsync } from './run.ts';

/**
 * `import` and `rollover` of workbooks (.xlsx, .csv), through the real command line: the
 * document made, the notes naming the sheet, the source never changed; an old binary .xls and
 * an existing output refused with what to do.
 */

function read(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

const projects = (d: DocumentData) => d.units.flatMap((u) => u.projects);
const indicators = (d: DocumentData) => projects(d).reduce((n, p) => n + p.indicators.length, 0);

describe('import of a workbook', () => {
  it('import x.xlsx -o doc: the forms of the sheet, notes by sheet and row, the source unchanged', async () => {
    const dir = tempDir();
    const form = FORMS.twoProjects;
    const source = await writeFormWorkbook(form.fixture, path.join(dir, '两个项目.xlsx'));
    const before = readFileSync(source);
    const target = path.join(dir, '两个项目.jxmb');
    const r = await runCliAsync(['import', source, '-o', target]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`项目 ${form.projects} 个，绩效指标 ${form.indicators} 条`);
    expect(r.stdout).toMatch(/\[说明\] 工作表“申报表”第 \d+ 行：/);
    const doc = read(target);
    expect(doc.year).toBe(form.year);
    expect(projects(doc).map((p) => p.name)).toEqual(['教师专业发展培训', '校园安全设施维护']);
    expect(indicators(doc)).toBe(form.indicators);
    expect(doc.money.unit).toBe('万元');
    expect(readFileSync(source).equals(before)).toBe(true);
  });

  it('import x.csv -o doc: the same form as CSV, in 元 as it states', async () => {
    const dir = tempDir();
    const form = FORMS.yuan;
    const source = writeFormCsv(form.fixture, path.join(dir, '道路养护.csv'));
    const target = path.join(dir, '道路养护.jxmb');
    const r = await runCliAsync(['import', source, '-o', target]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`项目 ${form.projects} 个，绩效指标 ${form.indicators} 条`);
    const doc = read(target);
    expect(doc.money.unit).toBe('元');
    expect(indicators(doc)).toBe(form.indicators);
    // 项目总预算 3,309,840.00 元, exactly.
    expect(projects(doc)[0]!.totals.total).toBe(330_984_000);
  });

  it('a workbook stating no unit: refused naming sheet and row, made with --unit', async () => {
    const dir = tempDir();
    const source = await writeFormWorkbook(FORMS.noUnit.fixture, path.join(dir, '食堂.xlsx'));
    const target = path.join(dir, '食堂.jxmb');
    const refused = await runCliAsync(['import', source, '-o', target]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/工作表“申报表”第 \d+ 行.*找不到金额单位/);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(target)).toBe(false);
    const made = await runCliAsync(['import', source, '-o', target, '--unit', '万元']);
    expect(made.status).toBe(0);
    expect(read(target).money.unit).toBe('万元');
  });

  it('an existing -o is refused without --force, and replaced with it', async () => {
    const dir = tempDir();
    const source = await writeFormWorkbook(FORMS.yuan.fixture, path.join(dir, '表.xlsx'));
    const target = path.join(dir, '已有.jxmb');
    expect((await runCliAsync(['import', source, '-o', target])).status).toBe(0);
    const first = statSync(target).mtimeMs;
    const again = await runCliAsync(['import', source, '-o', target]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('已存在');
    expect(again.stderr).toContain('--force');
    expect(statSync(target).mtimeMs).toBe(first);
    const forced = await runCliAsync(['import', source, '-o', target, '--force']);
    expect(forced.status).toBe(0);
    expect(indicators(read(target))).toBe(FORMS.yuan.indicators);
  });
});

describe('rollover from a workbook', () => {
  it('rollover x.xlsx -o doc --year: next year’s table, last year’s amounts kept as 上年金额', async () => {
    const dir = tempDir();
    const form = FORMS.twoProjects;
    const source = await writeFormWorkbook(form.fixture, path.join(dir, '2024.xlsx'));
    const before = readFileSync(source);
    const target = path.join(dir, '2025.jxmb');
    const r = await runCliAsync(['rollover', source, '-o', target, '--year', '2025']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `已由Excel 工作簿（2024 年，${form.projects} 个项目）新建 2025 年的表`,
    );
    const doc = read(target);
    expect(doc.year).toBe(2025);
    expect(doc.previousYear).toBe(2024);
    expect(indicators(doc)).toBe(form.indicators);
    const first = projects(doc)[0]!;
    expect(first.previous?.total).toBeGreaterThan(0);
    expect(first.totals.total).toBe(0);
    expect(readFileSync(source).equals(before)).toBe(true);
  });

  it('rollover of a CSV stating no unit: refused, then made with --unit 元', async () => {
    const dir = tempDir();
    const source = writeFormCsv(FORMS.noUnit.fixture, path.join(dir, '食堂.csv'));
    const target = path.join(dir, '食堂2024.jxmb');
    const refused = await runCliAsync(['rollover', source, '-o', target, '--year', '2024']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('找不到金额单位');
    expect(existsSync(target)).toBe(false);
    const made = await runCliAsync(['rollover', source, '-o', target, '--unit', '元']);
    expect(made.status).toBe(0);
    expect(read(target).money.unit).toBe('元');
  });
});

describe.skipIf(!HAS_SOFFICE)('an Excel 97-2003 workbook (.xls, made by LibreOffice)', () => {
  it('is refused by import and rollover, telling the clerk to save it as .xlsx', async () => {
    const dir = tempDir();
    const xlsx = await writeFormWorkbook(FORMS.yuan.fixture, path.join(dir, '旧表.xlsx'));
    const converted = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/lo-profile`,
        '--headless',
        '--norestore',
        '--convert-to',
        'xls',
        '--outdir',
        dir,
        xlsx,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    expect(converted.status, converted.stderr).toBe(0);
    const xls = path.join(dir, '旧表.xls');
    expect(readFileSync(xls).subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    for (const args of [
      ['import', xls, '-o', path.join(dir, 'a.jxmb')],
      ['rollover', xls, '-o', path.join(dir, 'b.jxmb'), '--year', '2025'],
    ]) {
      const r = await runCliAsync(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('.xls');
      expect(r.stderr).toContain('另存为“Excel 工作簿（*.xlsx）”');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(path.join(dir, 'a.jxmb'))).toBe(false);
    expect(existsSync(path.join(dir, 'b.jxmb'))).toBe(false);
  }, 200_000);
});
