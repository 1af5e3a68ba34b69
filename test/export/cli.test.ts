import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../templates/export/write-file.ts';
import { runCli } from '../cli/run.ts';
import { buildSample } from './sample.ts';

describe('jxmb export', () => {
  let dir: string;
  let doc: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jxmb-cli-export-'));
    buildSample(dir);
    doc = path.join(dir, 'sample.jxmb');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the PDF and the DOCX, then refuses to overwrite them without --force', () => {
    const pdf = path.join(dir, '绩效目标表.pdf');
    const docx = path.join(dir, '绩效目标表.docx');
    const first = runCli(['export', doc, '--pdf', pdf, '--docx', docx]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/已导出 PDF：.*（项目支出绩效目标表（公开格式），\d+ 页，字体 /);
    expect(first.stdout).toContain('已导出 Word：');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');

    const before = statSync(pdf).mtimeMs;
    const again = runCli(['export', doc, '--pdf', pdf]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('已存在');
    expect(again.stderr).toContain('--force');
    expect(statSync(pdf).mtimeMs).toBe(before);

    const forced = runCli(['export', doc, '--pdf', pdf, '--layout', 'per-project', '--force']);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('项目支出绩效目标申报表');
    // Nothing half-written or temporary is left beside the outputs.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('says what is wrong with the request, in Chinese, without a stack', () => {
    const missingDir = runCli(['export', doc, '--pdf', path.join(dir, '没有这个文件夹', 'a.pdf')]);
    expect(missingDir.status).toBe(2);
    expect(missingDir.stderr).toContain('不存在');
    const layout = runCli(['export', doc, '--pdf', path.join(dir, 'b.pdf'), '--layout', 'a3']);
    expect(layout.status).toBe(2);
    expect(layout.stderr).toContain('official');
    const nothing = runCli(['export', doc]);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('--pdf');
    for (const r of [missingDir, layout, nothing]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).filter((f) => f.startsWith('b.'))).toEqual([]);
  });

  it('leaves no temporary file when the final rename fails', () => {
    // A folder where the file should go: the rename fails, and the temporary file goes away.
    const target = path.join(dir, 'a-folder');
    mkdirSync(target);
    expect(() => writeFileAtomic(target, Buffer.from('x'))).toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is listed in the usage', () => {
    expect(runCli(['--help']).stdout).toContain('export <文档>');
  });
});
