import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { official } from '../../templates/layout/official.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { makeDocument } from '../electron/fakes.ts';
import { HAS_POPPLER, pdftotext, squash } from '../export/tools.ts';
import { tempDir } from '../helpers.ts';
import { inProcess, runCli } from './run.ts';

/*
 * `jxmb export` without --layout prints in the layout the document remembers; --layout is for
 * that export only (the command only reads the document); `jxmb info` names the layout.
 */

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A document whose clerk chose the per-project 申报表 in the editor. */
function documentRemembering(layout: string): string {
  const file = makeDocument(path.join(tempDir(), '组织部.jxmb'));
  const s = EditorSession.open(file);
  try {
    s.call('setPrintLayout', { layout });
  } finally {
    s.close();
  }
  return file;
}

describe('jxmb export and info with a remembered layout', () => {
  it('export uses it without --layout, --layout overrides it for one export; the file is not changed', async () => {
    const doc = documentRemembering(perProject.id);
    const before = sha256(doc);
    const dir = path.dirname(doc);

    // The real command line, as a clerk runs it.
    const info = runCli(['info', doc]);
    expect(info.stderr).toBe('');
    expect(info.stdout).toContain(`打印格式：${perProject.name}\n`);
    const remembered = runCli(['export', doc, '--pdf', path.join(dir, '申报表.pdf')]);
    expect(remembered.stderr).toBe('');
    expect(remembered.status).toBe(0);
    expect(remembered.stdout).toContain(`（${perProject.name}，`);

    const overridden = await inProcess([
      'export',
      doc,
      '--pdf',
      path.join(dir, '公开.pdf'),
      '--layout',
      official.id,
    ]);
    expect(overridden.status).toBe(0);
    expect(overridden.stdout).toContain(`（${official.name}，`);
    if (HAS_POPPLER) {
      expect(squash(pdftotext(path.join(dir, '申报表.pdf')))).toContain('项目支出绩效目标申报表');
      expect(squash(pdftotext(path.join(dir, '公开.pdf')))).not.toContain('申报表');
    }

    // Only read: the document and the layout it remembers are as they were.
    expect(sha256(doc)).toBe(before);
    expect((await inProcess(['info', doc])).stdout).toContain(`打印格式：${perProject.name}\n`);
  });

  it('a document that never chose one: the official layout', async () => {
    const doc = makeDocument(path.join(tempDir(), '表.jxmb'));
    expect((await inProcess(['info', doc])).stdout).toContain(`打印格式：${official.name}\n`);
    const r = await inProcess(['export', doc, '--pdf', path.join(path.dirname(doc), 'a.pdf')]);
    expect(r.stdout).toContain(`（${official.name}，`);
  });

  it('a remembered id this program does not ship: said, and the official layout printed', async () => {
    const doc = makeDocument(path.join(tempDir(), '表.jxmb'));
    const db = new Database(doc);
    db.prepare("UPDATE document SET print_layout = 'per-row-2030'").run();
    db.close();
    const note = `文件记录的打印格式“per-row-2030”不是本程序提供的格式（可能由更新版本的程序保存），按默认的“${official.name}”打印`;
    const info = await inProcess(['info', doc]);
    expect(info.status).toBe(0);
    expect(info.stdout).toContain(`打印格式：${official.name}（${note}）\n`);
    const r = await inProcess(['export', doc, '--pdf', path.join(path.dirname(doc), 'a.pdf')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`注意：${note}`);
    expect(r.stdout).toContain(`（${official.name}，`);
  });

  it('refuses a --layout that does not exist, naming those there are, before writing anything', async () => {
    const doc = documentRemembering(perProject.id);
    const r = await inProcess([
      'export',
      doc,
      '--pdf',
      path.join(path.dirname(doc), 'x.pdf'),
      '--layout',
      '申报表',
    ]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('没有名为“申报表”的打印格式（可选：official（');
    expect(r.stderr).not.toMatch(/at .*\.ts/);
  });
});
