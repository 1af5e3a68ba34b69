import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { createFileAtVersion } from '../../db/document-file.ts';
import { rememberedLayout } from '../../db/print-layout.ts';
import { checkDocument } from '../../db/shared/check/index.ts';
import type { EditResult } from '../../db/shared/api/contract.ts';
import type { Renderer } from '../../db/service/export.ts';
import type { ExportFile, HostPort, Render } from '../../db/service/port.ts';
import { HostService } from '../../db/service/service.ts';
import { SCHEMA_VERSION } from '../../db/migrations.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { DEFAULT_LAYOUT } from '../../templates/layout/index.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { makeDocument } from '../electron/fakes.ts';
import { userErrorOf } from '../file/file-helpers.ts';
import { tempDir } from '../helpers.ts';

/*
 * 打印格式: the document remembers the layout the clerk last chose, in the file, for every host
 * and the command line; an id this program does not ship (a newer program's) is kept and prints
 * in the default.
 */

function snapshotOf(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

/** Writes `id` as the remembered layout the way another program would: straight into the file. */
function storeLayoutId(file: string, id: string): void {
  const db = new Database(file);
  try {
    db.prepare('UPDATE document SET print_layout = ? WHERE id = 1').run(id);
  } finally {
    db.close();
  }
}

describe('the remembered print layout', () => {
  it('is the default until chosen; chosen, it is in the file, one step of 撤销', () => {
    const file = makeDocument(path.join(tempDir(), '表.jxmb'));
    expect(snapshotOf(file).printLayout).toBeNull();
    expect(rememberedLayout(null).layout).toBe(DEFAULT_LAYOUT);

    const s = EditorSession.open(file);
    try {
      const r = s.call('setPrintLayout', { layout: perProject.id }) as EditResult;
      // The page patches its copy with the changed header: it carries the layout.
      expect(r.change?.changes.header?.printLayout ?? r.state?.data.printLayout).toBe(
        perProject.id,
      );
      expect(s.doc.printLayout).toBe(perProject.id);
      expect(s.doc.historyState.undo).toBe('修改打印格式');
      // Choosing the same layout again is no edit.
      s.call('setPrintLayout', { layout: perProject.id });
      s.doc.undo();
      expect(s.doc.printLayout).toBeNull();
      s.doc.redo();
      expect(s.doc.printLayout).toBe(perProject.id);
    } finally {
      s.close();
    }

    // Reopened (by another program, read-only): still there.
    const d = snapshotOf(file);
    expect(d.printLayout).toBe(perProject.id);
    expect(rememberedLayout(d.printLayout)).toEqual({ layout: perProject });
    expect(d.defects).toEqual([]);
  });

  it('refuses a layout that does not exist, in Chinese, and keeps the one chosen', () => {
    const file = makeDocument(path.join(tempDir(), '表.jxmb'));
    const s = EditorSession.open(file);
    try {
      s.call('setPrintLayout', { layout: perProject.id });
      const e = userErrorOf(() => s.call('setPrintLayout', { layout: '申报表' }));
      expect(e.message).toMatch(
        /^没有名为“申报表”的打印格式（可选：official（.+）、per-project（.+）/,
      );
      // Not even a string, or too long: refused by the payload's schema before the store.
      expect(() => s.call('setPrintLayout', { layout: 3 })).toThrow(/layout/);
      expect(() => s.call('setPrintLayout', { layout: 'x'.repeat(65) })).toThrow(/layout/);
      expect(() => s.call('setPrintLayout', {})).toThrow(/layout/);
      expect(s.doc.printLayout).toBe(perProject.id);
      expect(s.doc.historyState.undo).toBe('修改打印格式');
    } finally {
      s.close();
    }
    expect(snapshotOf(file).printLayout).toBe(perProject.id);
  });

  it('is not changed through a read-only window', () => {
    const file = makeDocument(path.join(tempDir(), '表.jxmb'));
    const before = readFileSync(file);
    const s = EditorSession.open(file, { mode: 'readOnly' });
    try {
      expect(() => s.call('setPrintLayout', { layout: perProject.id })).toThrow(/只读/);
    } finally {
      s.close();
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('an id this program does not ship (a newer program’s) opens, is kept, and prints the default', () => {
    const file = makeDocument(path.join(tempDir(), '表.jxmb'));
    storeLayoutId(file, 'per-row-2030');
    const d = snapshotOf(file);
    expect(d.printLayout).toBe('per-row-2030');
    expect(d.defects).toEqual([]);
    expect(checkDocument(d).filter((f) => f.ruleId === 'invalid-stored-value')).toEqual([]);
    const remembered = rememberedLayout(d.printLayout);
    expect(remembered.layout).toBe(DEFAULT_LAYOUT);
    expect(remembered.unknown).toBe('per-row-2030');

    // Editing the document does not drop it; choosing a layout replaces it.
    const s = EditorSession.open(file);
    try {
      s.call('setDepartment', { department: '区委宣传部' });
      expect(s.doc.printLayout).toBe('per-row-2030');
      s.call('setPrintLayout', { layout: DEFAULT_LAYOUT.id });
      expect(s.doc.printLayout).toBe(DEFAULT_LAYOUT.id);
    } finally {
      s.close();
    }
  });

  it('an older file is upgraded with no layout remembered', () => {
    const file = path.join(tempDir(), `v${SCHEMA_VERSION - 1}.jxmb`);
    const db = createFileAtVersion(file, SCHEMA_VERSION - 1);
    db.prepare(
      `INSERT INTO document (id, department, year, money_unit, tree_id, tree_name)
       VALUES (1, '区委组织部', 2025, '万元', 'common', '通用')`,
    ).run();
    db.exec(`INSERT INTO category_level1 VALUES ('1', '产出指标', 'output', 0);
             INSERT INTO category_level2 VALUES ('11', '1', '数量指标', 0);`);
    db.close();
    const doc = TargetDocument.open(file);
    try {
      expect(doc.printLayout).toBeNull();
      expect(doc.snapshot().printLayout).toBeNull();
    } finally {
      doc.close();
    }
  });
});

/** Browser mode's way of exporting (a download), with a renderer that says what it was asked. */
function downloadingService(file: string) {
  const session = EditorSession.open(file);
  const downloads: { name: string; body: string }[] = [];
  const previews: { name: string; body: string }[] = [];
  const text = async (render: Render) => new TextDecoder().decode(await render());
  const port = {
    info: { mode: 'browser', version: 'test' },
    session: () => session,
    client: () => 'page',
    still: () => true,
    download: async (_t: string, f: ExportFile, render: Render) => {
      downloads.push({ name: f.name, body: await text(render) });
      return { name: f.name };
    },
    preview: async (_t: string, name: string, render: Render) => {
      previews.push({ name, body: await text(render) });
    },
  } as unknown as HostPort<string>;
  const render: Renderer = (job) =>
    Promise.resolve(new TextEncoder().encode(`${job.format} ${job.layoutId}`));
  return { session, downloads, previews, service: new HostService(port, { render }) };
}

describe('export and preview without a layout named', () => {
  it('use the remembered layout; a layout named is for that export only', async () => {
    const file = makeDocument(path.join(tempDir(), '表.jxmb'));
    const { session, downloads, previews, service } = downloadingService(file);
    try {
      await service.call('page', 'exportDocument', { format: 'pdf' });
      session.call('setPrintLayout', { layout: perProject.id }, { client: 'page' });
      await service.call('page', 'exportDocument', { format: 'docx' });
      await service.call('page', 'printPreview', {});
      await service.call('page', 'exportDocument', { format: 'pdf', layout: DEFAULT_LAYOUT.id });
      expect(downloads).toEqual([
        { name: '表.pdf', body: 'pdf official' },
        { name: `表-${perProject.name}.docx`, body: `docx ${perProject.id}` },
        { name: '表.pdf', body: 'pdf official' },
      ]);
      expect(previews).toEqual([{ name: `表-${perProject.name}`, body: `pdf ${perProject.id}` }]);
      expect(session.doc.printLayout).toBe(perProject.id);
    } finally {
      session.close();
    }
  });

  it('a remembered id this program does not ship exports the default', async () => {
    const file = makeDocument(path.join(tempDir(), '表.jxmb'));
    storeLayoutId(file, 'per-row-2030');
    const { session, downloads, service } = downloadingService(file);
    try {
      await service.call('page', 'exportDocument', { format: 'pdf' });
      expect(downloads).toEqual([{ name: '表.pdf', body: 'pdf official' }]);
    } finally {
      session.close();
    }
  });
});
