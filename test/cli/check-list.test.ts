import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../db/shared/check/index.ts';
import { REVIEW_SHEET } from '../../templates/export/review-list/xlsx.ts';
import { HAS_POPPLER, pdftotext, squash } from '../export/tools.ts';
import { markChecked, snapshotOf } from '../export/review-list-tools.ts';
import { readWorkbook } from '../export/xlsx-tools.ts';
import { makeDocument } from '../electron/fakes.ts';
import { tempDir } from '../helpers.ts';
import { inProcess, runCli } from './run.ts';

/** `jxmb check <文档> --list <文件>`: the 审核清单 written as `export` writes its files. */

const NO_STACK = /\n\s+at /;
const TITLE = squash('区委组织部 2025年项目支出绩效目标表 审核清单');

describe('jxmb check --list', () => {
  it.skipIf(!HAS_POPPLER)(
    'writes the list as PDF beside the usual report; an existing one only with --force',
    () => {
      const dir = tempDir();
      const doc = makeDocument(path.join(dir, '表.jxmb'));
      const out = path.join(dir, '清单.pdf');
      const first = runCli(['check', doc, '--list', out]);
      expect(first.stderr).toBe('');
      // 1: the checks found errors (the project has no indicators); the list is written anyway.
      expect(first.status).toBe(1);
      expect(first.stdout).toContain('审核结果：');
      expect(first.stdout).toMatch(
        new RegExp(`已导出审核清单 PDF：${out}（\\d+ 项，1 页，字体 [^）]+（[^）]+））\\n$`),
      );
      expect(squash(pdftotext(out))).toContain(TITLE);

      writeFileSync(out, 'mine');
      const again = runCli(['check', doc, '--list', out]);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain(`“${out}”已存在；如要覆盖，请加 --force`);
      expect(again.stderr).not.toMatch(NO_STACK);
      // Refused before the checks run: nothing was printed.
      expect(again.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toBe('mine');

      const forced = runCli(['check', doc, '--list', out, '--force']);
      expect(forced.status).toBe(first.status);
      expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
      // Written whole: no temporary file is left beside it.
      expect(readdirSync(dir).sort()).toEqual(['清单.pdf', '表.jxmb']);
    },
  );

  it('writes Excel; with --json stdout stays the JSON alone', async () => {
    const dir = tempDir();
    const doc = makeDocument(path.join(dir, '表.jxmb'));
    const first = checkDocument(snapshotOf(doc))[0]!;
    markChecked(doc, [first]);
    const out = path.join(dir, '清单.XLSX');
    const r = await inProcess(['check', doc, '--json', '--list', out]);
    const json = JSON.parse(r.stdout) as { findings: unknown[] };
    expect(json.findings.length).toBeGreaterThan(0);
    expect(r.stderr).toBe(
      `已导出审核清单 Excel：${out}（工作表“${REVIEW_SHEET}”，${json.findings.length} 项）\n`,
    );
    const sheet = (await readWorkbook(out)).getWorksheet(REVIEW_SHEET)!;
    expect(squash(String(sheet.getCell('A1').value))).toBe(TITLE);
    expect(sheet.rowCount).toBe(3 + json.findings.length);
    // What the clerk marked 已核对 is listed as such.
    expect(sheet.getCell('G4').value).toMatch(/^已核对 \d{4}-\d{2}-\d{2}$/u);
    expect(sheet.getCell('A2').value).toContain('；已核对 1 项');
  });

  it('refuses, before anything is done, a list it cannot write', async () => {
    const dir = tempDir();
    const doc = makeDocument(path.join(dir, '表.jxmb'));
    const cases: [string[], string][] = [
      [['--list', path.join(dir, '清单.docx')], '应为 .pdf 或 .xlsx 文件，未导出'],
      [['--list', path.join(dir, 'no', '清单.pdf')], '不存在'],
      [['--list', dir], '应为 .pdf 或 .xlsx 文件'],
      [['--force'], '--force 只用于 --list'],
      [['--list'], 'check 的参数有误'],
    ];
    for (const [args, message] of cases) {
      const r = await inProcess(['check', doc, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(dir)).toEqual(['表.jxmb']);
  });

  it('is in the usage text', () => {
    const r = runCli(['--help']);
    expect(r.stdout).toContain('check <文档> [--json] [--list <文件.pdf|文件.xlsx> [--force]]');
  });
});
