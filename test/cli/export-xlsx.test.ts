import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { SHEETS } from '../../templates/export/xlsx/index.ts';
import { buildSample } from '../export/sample.ts';
import { readWorkbook } from '../export/xlsx-tools.ts';
import { inProcess, runCli } from './run.ts';

/** `jxmb export --xlsx`: both workbook shapes, and every refusal before anything is written. */
describe('jxmb export --xlsx', () => {
  let dir: string;
  let doc: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-cli-xlsx-'));
    buildSample(dir);
    doc = path.join(dir, 'sample.jxmb');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the official table, and with --layout rows the import table (the real command line)', async () => {
    const official = path.join(dir, '表.xlsx');
    const first = runCli(['export', doc, '--xlsx', official]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`已导出 Excel：${official}（项目支出绩效目标表，2 个工作表）\n`);
    expect((await readWorkbook(official)).worksheets.map((s) => s.name)).toEqual([
      SHEETS.official,
      SHEETS.about,
    ]);

    const rows = path.join(dir, '指标.xlsx');
    const pdf = path.join(dir, '指标.pdf');
    const second = runCli(['export', doc, '--xlsx', rows, '--pdf', pdf, '--layout', 'rows']);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(
      `已导出 Excel：${rows}（绩效指标导入表（每行一个指标），4 个工作表）`,
    );
    // `rows` is the per-row layout for the PDF too.
    expect(second.stdout).toContain('项目支出绩效指标汇总表');
    expect((await readWorkbook(rows)).worksheets.map((s) => s.name)).toEqual([
      SHEETS.annual,
      SHEETS.cycle,
      SHEETS.projects,
      SHEETS.about,
    ]);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes the shape from the remembered layout; per-project makes the official table', async () => {
    const s = EditorSession.open(doc);
    try {
      s.call('setPrintLayout', { layout: 'per-row' });
    } finally {
      s.close();
    }
    const rows = path.join(dir, 'remembered-rows.xlsx');
    const r = await inProcess(['export', doc, '--xlsx', rows]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('绩效指标导入表（每行一个指标），4 个工作表');

    const t = EditorSession.open(doc);
    try {
      t.call('setPrintLayout', { layout: 'per-project' });
    } finally {
      t.close();
    }
    const official = path.join(dir, 'remembered-official.xlsx');
    const o = await inProcess(['export', doc, '--xlsx', official]);
    expect(o.status).toBe(0);
    expect(o.stdout).toContain('项目支出绩效目标表，2 个工作表');
    expect(o.stderr).toContain('没有 Excel 版本');
  });

  it('refuses per-project, one file for two formats, and an existing file without --force', async () => {
    const target = path.join(dir, 'refused.xlsx');
    const perProject = runCli(['export', doc, '--xlsx', target, '--layout', 'per-project']);
    expect(perProject.status).toBe(2);
    expect(perProject.stderr).toContain('没有 Excel 版本');
    expect(perProject.stderr).toContain('official');
    expect(perProject.stderr).toContain('rows');

    const same = await inProcess(['export', doc, '--xlsx', target, '--pdf', target]);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('PDF 和 Excel 不能写入同一个文件');
    expect(readdirSync(dir).filter((f) => f.startsWith('refused'))).toEqual([]);

    writeFileSync(target, 'the clerk’s own workbook');
    const before = statSync(target).mtimeMs;
    const existing = await inProcess(['export', doc, '--xlsx', target]);
    expect(existing.status).toBe(2);
    expect(existing.stderr).toContain('已存在');
    expect(existing.stderr).toContain('--force');
    expect(readFileSync(target, 'utf8')).toBe('the clerk’s own workbook');
    expect(statSync(target).mtimeMs).toBe(before);

    const forced = await inProcess(['export', doc, '--xlsx', target, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK');
    for (const r of [perProject, same, existing]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
