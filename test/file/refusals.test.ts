import { wanCents } from '../amounts.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TargetDocument } from '../../db/document.ts';
import { SCHEMA_VERSION } from '../../db/migrations.ts';
import { tempDir } from '../helpers.ts';
import { crashMidTransaction, fingerprint, sha256, userErrorOf } from './file-helpers.ts';

/*
 * Whatever a clerk points the program at, a file it refuses is left exactly as it was: same
 * bytes, same modification time, nothing created beside it (no -journal, -wal, backup). And the
 * clerk is told, in Chinese, what the file is and what to do.
 */

/** A real document with some content, to damage or to date in the future. */
function makeDocument(file: string): void {
  TargetDocument.create(file, { department: '区委组织部', year: 2025 }, {}, (doc) => {
    for (let u = 0; u < 3; u++) {
      const unit = doc.addUnit(`单位${u}`);
      for (let p = 0; p < 15; p++) {
        const project = doc.addProject(unit, {
          name: `项目${u}-${p}`,
          fiscal: wanCents(123456),
          goal: '完成年度培训任务。'.repeat(30),
        });
        doc.addIndicator(project, { level2Code: '11', name: '培训期数', cycleValue: '12期' });
      }
    }
  });
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Each case writes a file in `dir` and says what the clerk must read about it. */
const CASES: { name: string; make: (file: string) => void; says: RegExp[] }[] = [
  {
    name: 'a text file',
    make: (f) => writeFileSync(f, '项目名称,总计\n干部培训,12.00\n'),
    says: [/不是绩效目标表文件/, /无法识别的文件格式/],
  },
  {
    name: 'an empty file',
    make: (f) => writeFileSync(f, ''),
    says: [/不是绩效目标表文件/, /无法识别的文件格式/],
  },
  {
    name: 'random bytes',
    make: (f) => writeFileSync(f, randomBytes(8192)),
    says: [/不是绩效目标表文件/, /无法识别的文件格式/],
  },
  {
    name: 'a SQLite header cut short',
    make: (f) => {
      makeDocument(f);
      writeFileSync(f, readFileSync(f).subarray(0, 60));
    },
    says: [/不是绩效目标表文件/, /无法识别的文件格式/],
  },
  {
    name: 'the SQLite magic string alone',
    make: (f) => writeFileSync(f, SQLITE_MAGIC),
    says: [/不是绩效目标表文件/],
  },
  {
    name: 'the database of another program',
    make: (f) => {
      const db = new Database(f);
      db.exec(
        "CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('张三', '123')",
      );
      db.close();
    },
    says: [/是其他程序的数据库文件/, /不是绩效目标表文件/],
  },
  {
    name: 'a file from a newer version of the program',
    make: (f) => {
      makeDocument(f);
      const db = new Database(f);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
    },
    says: [
      /由更新版本的绩效目标表编制器保存/,
      new RegExp(`文件版本 ${SCHEMA_VERSION + 1}，本程序支持到 ${SCHEMA_VERSION}`),
      /请升级本程序后再打开/,
    ],
  },
  {
    name: 'a document cut short (an interrupted copy)',
    make: (f) => {
      makeDocument(f);
      const bytes = readFileSync(f);
      writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
    says: [/已损坏/, /请改用备份/],
  },
  {
    name: 'a document with its first table page overwritten',
    make: (f) => {
      makeDocument(f);
      const bytes = readFileSync(f);
      const pageSize = bytes.readUInt16BE(16);
      randomBytes(pageSize).copy(bytes, pageSize);
      writeFileSync(f, bytes);
    },
    says: [/已损坏/],
  },
  {
    name: 'a document with a page deep inside overwritten',
    make: (f) => {
      makeDocument(f);
      const bytes = readFileSync(f);
      const pageSize = bytes.readUInt16BE(16);
      const pages = bytes.length / pageSize;
      bytes.fill(0x5a, (pages - 2) * pageSize, (pages - 1) * pageSize);
      writeFileSync(f, bytes);
    },
    says: [/已损坏/],
  },
];

describe('refusing files that are not ours, leaving them untouched', () => {
  for (const c of CASES) {
    for (const readonly of [false, true]) {
      it(`${c.name}${readonly ? ' (read-only open)' : ''}`, () => {
        const file = path.join(tempDir(), '2025年绩效目标表.jxmb');
        c.make(file);
        const before = fingerprint(file, { backdate: true });

        const error = userErrorOf(() => TargetDocument.open(file, { readonly }));
        expect(error.message).toContain('“2025年绩效目标表.jxmb”');
        for (const says of c.says) expect(error.message).toMatch(says);
        expect(error.message).toContain('文件未作任何改动');

        expect(fingerprint(file)).toEqual(before);
      });
    }
  }

  it('a file that does not exist is reported, not created', () => {
    const file = path.join(tempDir(), '没有这个文件.jxmb');
    for (const readonly of [false, true]) {
      expect(userErrorOf(() => TargetDocument.open(file, { readonly })).message).toBe(
        '找不到文件 “没有这个文件.jxmb”',
      );
      expect(existsSync(file)).toBe(false);
    }
  });

  it('a folder is reported as not a file', () => {
    const dir = path.join(tempDir(), '表.jxmb');
    mkdirSync(dir);
    expect(userErrorOf(() => TargetDocument.open(dir)).message).toBe('“表.jxmb” 不是文件');
  });
});

describe('a file left by a crash in the middle of an edit', () => {
  it('read-only open refuses it untouched and says how to recover; a normal open recovers', () => {
    const file = path.join(tempDir(), '表.jxmb');
    makeDocument(file);
    const doc = TargetDocument.open(file);
    const saved = doc.snapshot();
    doc.close();
    const savedBytes = sha256(file);

    crashMidTransaction(file);
    expect(sha256(file), 'the crash left part of the edit in the file').not.toBe(savedBytes);
    const journal = `${file}-journal`;
    expect(existsSync(journal)).toBe(true);
    expect(readFileSync(journal)[0], 'the journal is hot').not.toBe(0);
    const before = fingerprint(file, { backdate: true });
    const journalBefore = readFileSync(journal);

    const error = userErrorOf(() => TargetDocument.open(file, { readonly: true }));
    expect(error.message).toMatch(/上次编辑时程序意外中断/);
    expect(error.message).toMatch(/请先用本程序正常（非只读）打开一次/);
    expect(fingerprint(file)).toEqual(before);
    expect(readFileSync(journal).equals(journalBefore)).toBe(true);

    // The ordinary open rolls the unfinished edit back: exactly what was saved, nothing else.
    const recovered = TargetDocument.open(file);
    expect(recovered.snapshot()).toEqual(saved);
    recovered.close();
    expect(existsSync(journal)).toBe(false);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
