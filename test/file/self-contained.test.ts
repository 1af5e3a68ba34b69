import { wanCents } from '../amounts.ts';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { APPLICATION_ID, openDocumentFile } from '../../db/document-file.ts';
import { SCHEMA_VERSION } from '../../db/migrations.ts';
import { tempDir } from '../helpers.ts';
import { sha256, userErrorOf } from './file-helpers.ts';

/*
 * An idle document is one file: a clerk can copy it to a USB stick or email it at any moment
 * the program is not in the middle of saving an edit, and the copy is complete.
 */

function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('a document is one self-contained file when idle', () => {
  it('after create, edits and close: only the .jxmb, marked as ours, at the current version', () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    TargetDocument.create(file, { department: '区委组织部', year: 2025 }, {}, (doc) => {
      doc.addUnit('区委组织部本级');
    });
    expect(listing(dir)).toEqual(['表.jxmb']);
    const doc = TargetDocument.open(file);
    const unit = doc.addUnit('区党员电教中心');
    const project = doc.addProject(unit, { name: '电视片制作', fiscal: wanCents(3840) });
    doc.addIndicator(project, { level2Code: '11', name: '制作电视片', cycleValue: '10部' });
    doc.close();
    expect(listing(dir)).toEqual(['表.jxmb']);

    const header = readFileSync(file).subarray(0, 100);
    expect(header.readUInt32BE(68), 'application_id').toBe(APPLICATION_ID);
    expect(header.readUInt32BE(60), 'user_version').toBe(SCHEMA_VERSION);
  });

  it('while open and idle: no -wal, no -journal; a journal exists only during an edit', () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    const doc = TargetDocument.createAndOpen(file, { department: '区委组织部', year: 2025 });
    try {
      doc.addUnit('区委组织部本级');
      expect(listing(dir)).toEqual(['表.jxmb']);
      // Bytes 18 and 19 are 1 for a rollback journal and 2 for WAL, which would need a -wal file.
      const header = readFileSync(file);
      expect([header[18], header[19]]).toEqual([1, 1]);

      // Inside a transaction the rollback journal is there; once committed, it is deleted:
      // that is journal_mode=DELETE (TRUNCATE or PERSIST would leave it, MEMORY/OFF never
      // write it and cannot roll back after a crash).
      doc.transaction(() => {
        doc.addUnit('区党员电教中心');
        expect(listing(dir)).toEqual(['表.jxmb', '表.jxmb-journal']);
      });
      expect(listing(dir)).toEqual(['表.jxmb']);

      // A copy taken now, while the program still has the file open, is the whole document.
      const copy = path.join(tempDir(), '副本.jxmb');
      writeFileSync(copy, readFileSync(file));
      const opened = TargetDocument.open(copy, { readonly: true });
      expect(opened.snapshot().units.map((u) => u.name)).toEqual([
        '区委组织部本级',
        '区党员电教中心',
      ]);
      opened.close();
    } finally {
      doc.close();
    }
    expect(listing(dir)).toEqual(['表.jxmb']);
  });

  it('every connection is durable: DELETE journal, synchronous FULL, foreign keys on', () => {
    const file = path.join(tempDir(), '表.jxmb');
    TargetDocument.create(file, { department: '区委组织部', year: 2025 });
    const { db } = openDocumentFile(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      // 2 = FULL: the commit is synced to the disk before the edit returns, so it survives a
      // power cut, which the crash test (process kills) cannot show.
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('creating a document is all or nothing', () => {
  it('a create that fails leaves no file and no temporary file behind', () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    expect(() =>
      TargetDocument.create(file, { department: '区委组织部', year: 2025 }, {}, (doc) => {
        doc.addUnit('区委组织部本级');
        throw new Error('import failed halfway');
      }),
    ).toThrow('import failed halfway');
    expect(listing(dir)).toEqual([]);
    expect(
      userErrorOf(() => TargetDocument.create(file, { department: '', year: 20250 })).message,
    ).toMatch(/预算年度“20250”无效/);
    expect(listing(dir)).toEqual([]);
  });

  it('never overwrites a document unless asked, and a failed overwrite keeps the old one', () => {
    const dir = tempDir();
    const file = path.join(dir, '表.jxmb');
    TargetDocument.create(file, { department: '区委组织部', year: 2024 }, {}, (doc) => {
      doc.addUnit('去年的单位');
    });
    const original = sha256(file);

    expect(
      userErrorOf(() => TargetDocument.create(file, { department: '区委组织部', year: 2025 }))
        .message,
    ).toBe('文件 “表.jxmb” 已存在，未覆盖');
    expect(sha256(file)).toBe(original);

    expect(() =>
      TargetDocument.create(
        file,
        { department: '区委组织部', year: 2025 },
        { overwrite: true },
        () => {
          throw new Error('import failed halfway');
        },
      ),
    ).toThrow('import failed halfway');
    expect(sha256(file)).toBe(original);
    expect(listing(dir)).toEqual(['表.jxmb']);

    TargetDocument.create(file, { department: '区委组织部', year: 2025 }, { overwrite: true });
    const doc = TargetDocument.open(file);
    expect(doc.snapshot().year).toBe(2025);
    expect(doc.snapshot().units).toEqual([]);
    doc.close();
    expect(existsSync(`${file}-journal`)).toBe(false);
  });
});
