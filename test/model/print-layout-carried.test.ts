import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { writeDraft } from '../../db/import/index.ts';
import { dumpDocument, loadDocumentJson } from '../../db/interchange.ts';
import { rollover } from '../../db/rollover/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { isUserError } from '../../db/shared/errors.ts';
import { makeDocument } from '../electron/fakes.ts';
import { tempDir } from '../helpers.ts';

/*
 * The print layout a document remembers goes where the document goes: into its JSON (dump/load)
 * and into next year's table made from it (由上年文件新建).
 */

function snapshotOf(file: string): DocumentData {
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

function withLayout(file: string, id: string): string {
  makeDocument(file);
  const doc = TargetDocument.open(file);
  try {
    doc.setPrintLayout(id);
  } finally {
    doc.close();
  }
  return file;
}

describe('the remembered print layout travels with the document', () => {
  it('through dump and load', () => {
    const dir = tempDir();
    const source = snapshotOf(withLayout(path.join(dir, 'a.jxmb'), 'per-row'));
    const json = dumpDocument(source);
    expect(json.printLayout).toBe('per-row');
    const copy = path.join(dir, 'b.jxmb');
    writeDraft(loadDocumentJson(JSON.parse(JSON.stringify(json))), copy);
    expect(snapshotOf(copy).printLayout).toBe('per-row');
  });

  it('is left out of the JSON of a document that never chose one', () => {
    const dir = tempDir();
    const json = dumpDocument(snapshotOf(makeDocument(path.join(dir, 'a.jxmb'))));
    expect('printLayout' in json).toBe(false);
  });

  it('a JSON naming a layout this program does not ship is refused in Chinese, nothing written', () => {
    const dir = tempDir();
    const json = { ...dumpDocument(snapshotOf(makeDocument(path.join(dir, 'a.jxmb')))) };
    const target = path.join(dir, 'b.jxmb');
    let error: unknown;
    try {
      writeDraft(loadDocumentJson({ ...json, printLayout: 'no-such' }), target);
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toContain('没有名为“no-such”的打印格式');
  });

  it('into next year’s table made from the document', async () => {
    const dir = tempDir();
    const source = withLayout(path.join(dir, '2025.jxmb'), 'per-project');
    const target = path.join(dir, '2026.jxmb');
    await rollover(source, target);
    expect(snapshotOf(target).printLayout).toBe('per-project');
  });
});
