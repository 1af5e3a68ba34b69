import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invalidStoredValue } from '../../db/shared/check/rules/invalid-stored-value.ts';
import { TargetDocument } from '../../db/document.ts';
import { makeDocument, withSql } from '../file/damage.ts';
import { tempDir } from '../helpers.ts';
import { oneProject, run } from './build.ts';

/** A document another tool changed with SQL, as the program reads it. */
function damaged(sql: string) {
  const file = path.join(tempDir(), '表.jxmb');
  makeDocument(file);
  withSql(file, (db) => db.exec(sql));
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return doc.snapshot();
  } finally {
    doc.close();
  }
}

describe('invalid-stored-value', () => {
  it('reports each invalid value as an error at its field, with the names to find it', () => {
    const doc = damaged(
      "UPDATE project SET other = 9999999999990000, fiscal = -9999999999990000 WHERE id = 1; UPDATE document SET department = ''",
    );
    expect(run(invalidStoredValue, doc)).toEqual([
      expect.objectContaining({
        location: { field: 'department' },
        message: expect.stringContaining('部门名称为空'),
      }),
      expect.objectContaining({
        location: { unitId: 1, projectId: 1, field: 'fiscal' },
        unitName: '区委组织部本级',
        projectName: '培训经费',
        message: expect.stringContaining('财政拨款存储的值 -9,999,999,999.99 万元 超过金额上限'),
      }),
      expect.objectContaining({
        location: { unitId: 1, projectId: 1, field: 'other' },
        message: expect.stringContaining('其他资金存储的值 9,999,999,999.99 万元 超过金额上限'),
      }),
    ]);
  });

  it('reports rows whose project is gone, with their text', () => {
    const doc = damaged('UPDATE indicator SET project_id = 999 WHERE id = 3');
    const [finding, ...rest] = run(invalidStoredValue, doc);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ location: {}, severity: 'error' });
    expect(finding!.message).toContain('“片数”');
  });

  it('says nothing about a document the program wrote', () => {
    expect(run(invalidStoredValue, oneProject())).toEqual([]);
  });
});
