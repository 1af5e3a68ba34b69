import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { detectText, readText } from '../../db/import/forms/detect.ts';
import { TargetDocument } from '../../db/document.ts';
import type { DraftProject } from '../../db/import/draft.ts';
import {
  ImportError as ImportErrorClass,
  type ImportError,
  type ImportResult,
  type ReadOptions,
} from '../../db/import/source-where.ts';
import { importWorkbook } from '../../db/import/workbook/import-workbook.ts';
import { runCli } from '../cli/run.ts';
import { HAS_SOFFICE } from '../export/tools.ts';
import { FORM_WORKBOOKS } from '../fixtures/workbooks/forms/make-forms.ts';
import { ownFixture, ROOT, tempDir } from '../helpers.ts';
import { textFormRows, workbookOf, type SheetRow } from './workbook-sheets.ts';

// A 申报表 kept in Excel or WPS reads as the same form copied out of Word: each per-project form
// of other regions (the real ones of ../shared/fixtures/other-regions/ and the project's own),
// laid out in a sheet as a clerk lays it out (titles and values merged across, 一级/二级 merged
// down), reads to the draft its text does.

const SHARED = path.resolve(ROOT, '..', 'shared', 'fixtures', 'other-regions');
const XIANGTAN = path.join(SHARED, 'xiangtan-huanwei-wupaoche-2023.txt');
const CHONGQING = path.join(SHARED, 'fengjie-yunwu-2023-chongqing.txt');
const EZHOU = path.join(SHARED, 'ezhou-2022-binhu-dalou-yunxing.txt');
const HAS_SHARED = [XIANGTAN, CHONGQING, EZHOU].every((f) => existsSync(f));
if (!HAS_SHARED) {
  console.warn(`[skip] ${SHARED} is not here: the other regions' real forms are skipped`);
}
const OWN = ownFixture('other-regions');

const isForm = (text: string) => detectText(text, textCellRows(text))?.family === 'project-form';
const files = [
  ...(HAS_SHARED ? readdirSync(SHARED).map((f) => path.join(SHARED, f)) : []),
  ...readdirSync(OWN).map((f) => path.join(OWN, f)),
].filter((f) => f.endsWith('.txt') && isForm(readFileSync(f, 'utf8')));

/** The units the forms need and do not state (Ezhou states none). */
const OPTIONS: Readonly<Record<string, ReadOptions>> = {
  'ezhou-2022-binhu-dalou-yunxing.txt': { unit: '万元' },
};

async function asWorkbook(file: string, options: ReadOptions): Promise<ImportResult> {
  const text = readFileSync(file, 'utf8');
  const bytes = await workbookOf([{ name: '申报表', rows: textFormRows(text) }]);
  return importWorkbook(bytes, 'xlsx', options);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const count = (r: ImportResult) =>
  r.draft.units.flatMap((u) => u.projects).reduce((n, p) => n + p.indicators.length, 0);

describe('a form laid out in a sheet reads as its text', () => {
  for (const file of files) {
    it(path.basename(file), async () => {
      const options = OPTIONS[path.basename(file)] ?? {};
      let text: ImportResult;
      try {
        text = readText(readFileSync(file, 'utf8'), options);
      } catch (e) {
        // A defect the text reader refuses is refused in the sheet too, naming the sheet.
        const detail = (e as ImportError).detail;
        await expect(asWorkbook(file, options)).rejects.toThrow(
          new RegExp(`^工作表“申报表”第 \\d+ 行.*${escape(detail.slice(-30))}`, 'u'),
        );
        return;
      }
      const sheet = await asWorkbook(file, options);
      expect(sheet.draft).toEqual(text.draft);
      // The same notes, each in the sheet (and, for a cell, its column).
      expect(sheet.notes.map((n) => [n.severity, n.message])).toEqual(
        text.notes.map((n) => [n.severity, n.message]),
      );
      expect(sheet.notes.every((n) => n.sheet === '申报表')).toBe(true);
    });
  }
});

describe.skipIf(!HAS_SHARED || !HAS_SOFFICE)(
  'the real forms saved again by LibreOffice Calc',
  () => {
    it('read as their texts', async () => {
      const dir = tempDir();
      const made = [];
      for (const file of [XIANGTAN, CHONGQING, EZHOU]) {
        const target = path.join(dir, `${path.basename(file, '.txt')}.xlsx`);
        const rows = textFormRows(readFileSync(file, 'utf8'));
        writeFileSync(target, await workbookOf([{ name: '申报表', rows }]));
        made.push(target);
      }
      const out = path.join(dir, 'lo');
      const run = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--norestore',
          '--convert-to',
          'xlsx:Calc MS Excel 2007 XML',
          '--outdir',
          out,
          ...made,
        ],
        { encoding: 'utf8', timeout: 180_000 },
      );
      expect(run.status).toBe(0);
      for (const file of [XIANGTAN, CHONGQING, EZHOU]) {
        const options = OPTIONS[path.basename(file)] ?? {};
        const bytes = readFileSync(path.join(out, `${path.basename(file, '.txt')}.xlsx`));
        const sheet = await importWorkbook(bytes, 'xlsx', options);
        expect(sheet.draft).toEqual(readText(readFileSync(file, 'utf8'), options).draft);
      }
    }, 180_000);
  },
);

describe.skipIf(!HAS_SHARED)('the three real forms as workbooks: the counts of their texts', () => {
  it('Xiangtan: 7 indicators in 7 categories', async () => {
    const r = await asWorkbook(XIANGTAN, {});
    expect(count(r)).toBe(7);
    const codes = r.draft.units[0]!.projects[0]!.indicators.map((i) => i.level2Code);
    expect(codes).toEqual(['11', '11', '12', '13', '14', '22', '31']);
  });

  it('Chongqing: 1 indicator before the cut, the cut named by its row', async () => {
    const r = await asWorkbook(CHONGQING, {});
    expect(count(r)).toBe(1);
    const cut = r.notes.filter((n) => n.severity === 'warning' && n.message.includes('截断'));
    expect(cut).toHaveLength(1);
    expect(cut[0]!.sheet).toBe('申报表');
  });

  it('Ezhou: refused without a unit, naming the sheet; 7 indicators with 万元', async () => {
    await expect(asWorkbook(EZHOU, {})).rejects.toThrow(/工作表“申报表”.*找不到金额单位/u);
    expect(count(await asWorkbook(EZHOU, { unit: '万元' }))).toBe(7);
  });
});

// ---- the committed workbooks (test/fixtures/workbooks/forms/, made by make-forms.ts) --------

const FORMS = ownFixture(path.join('workbooks', 'forms'));
/** Each workbook as exceljs wrote it, and as LibreOffice Calc saved it again. */
const COPIES = ['', '.lo'] as const;
const fixture = (name: string, copy: string) =>
  readFileSync(path.join(FORMS, `${name}${copy}.xlsx`));

const projects = (r: ImportResult) => r.draft.units.flatMap((u) => u.projects);
const messages = (r: ImportResult) => r.notes.map((n) => n.message);

async function refusalOf(run: Promise<unknown>): Promise<ImportError> {
  try {
    await run;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportErrorClass);
    return e as ImportError;
  }
  throw new Error('not refused');
}

describe('a Shanghai-style 申报表: one form a sheet, merged cells, values like =100.00(%)', () => {
  for (const copy of COPIES) {
    it(`reads both projects exactly (${copy === '' ? 'exceljs' : 'LibreOffice'} copy)`, async () => {
      const r = await importWorkbook(fixture('shanghai-2024-shenbao', copy), 'xlsx');
      expect(r.draft).toMatchObject({
        department: '上海市示例区卫生健康委员会',
        year: 2024,
        money: { unit: '万元', decimals: 2 },
      });
      expect(r.draft.units.map((u) => [u.name, u.projects.map((p) => p.name)])).toEqual([
        ['上海市示例区社区卫生服务中心', ['社区卫生服务中心设备更新']],
        ['上海市示例区卫生健康委员会', ['家庭医生签约服务补助']],
      ]);
      const [a, b] = projects(r) as [DraftProject, DraftProject];
      expect(a.indicators).toHaveLength(7);
      expect(b.indicators).toHaveLength(5);
      expect(a.amounts).toEqual({ fiscal: 100_000_000, specialAccount: 0, other: 20_000_000 });
      expect(b.amounts).toEqual({ fiscal: 85_500_000, specialAccount: 0, other: 0 });
      expect(a).toMatchObject({
        continuity: '新增',
        category: '特定目标类',
        period: { start: '2024-01', end: '2024-12' },
        carryOver: 0,
      });
      expect(b.period).toEqual({ start: '2024-01', end: '2026-12' });
      // Numbered goals keep their lines.
      expect(a.goal.split('\n')).toHaveLength(2);
      expect(a.indicators.map((i) => i.level2Code)).toEqual([
        '11',
        '11',
        '12',
        '13',
        '14',
        '22',
        '31',
      ]);
      // The merged value as the national system prints it: operator, value, unit.
      expect(a.indicators[2]).toMatchObject({
        name: '设备验收合格率',
        weight: '20',
        explanation: '验收合格设备/更新设备',
        cycle: { kind: 'structured', operator: '＝', value: '100.00', unit: '%' },
      });
      expect(a.indicators[0]!.cycle).toMatchObject({ operator: '＝', value: '12', unit: '台' });
      // A name in one of its two columns, a value typed in two cells: read as the header has them.
      expect(a.indicators[1]).toMatchObject({ name: '培训医护人员人次', weight: '10' });
      expect(a.indicators[4]).toMatchObject({
        name: '设备采购成本',
        cycleValue: '≤65万元',
        cycle: { operator: '≤', value: '65', unit: '万元' },
      });
      // A deadline stays the sentence it is.
      expect(a.indicators[3]!.cycleValue).toBe('2024年9月底前');
      expect(a.indicators[3]!.cycle).toBeUndefined();
      expect(b.indicators[2]!.cycle).toMatchObject({ operator: '＝', value: '120', unit: '元' });
      // The unit: a 金额单位 line typed in the last column; in the second sheet, the money
      // block's heading 项目资金（万元）.
      const units = r.notes.filter((n) => n.message.includes('金额单位为万元'));
      expect(units.map((n) => [n.sheet, n.line])).toEqual([
        ['项目1', 2],
        ['项目2', 6],
      ]);
      expect(messages(r)).toContain(
        '未读取的工作表：“填表说明”（不是逐项目申报表（项目支出绩效目标申报表、审批表））',
      );
      expect(r.notes.filter((n) => n.severity === 'warning')).toEqual([]);
    });
  }

  const sheets = FORM_WORKBOOKS['shanghai-2024-shenbao.xlsx'];
  const edited = (edit: (rows: SheetRow[]) => SheetRow[]) =>
    workbookOf(sheets.map((s, i) => (i === 0 ? { ...s, rows: edit([...s.rows]) } : s)));

  it('refuses an amount it cannot read, naming the sheet, row and column', async () => {
    const bytes = await edited((rows) =>
      rows.map((row) =>
        row.some((c) => typeof c === 'object' && c?.v === '年度资金总额')
          ? [row[0]!, row[1]!, { v: '一百二十', w: 4 }]
          : row,
      ),
    );
    const e = await refusalOf(importWorkbook(bytes, 'xlsx'));
    expect(e.message).toMatch(
      /^工作表“项目1”第 7 行 E 列：.*“年度资金总额”为“一百二十”，不是金额/u,
    );
    expect(e.where).toEqual({ line: 7, sheet: '项目1', column: 5 });
  });

  it('refuses a category it cannot place, naming the 二级指标 cell', async () => {
    const bytes = await edited((rows) =>
      rows.map((row) =>
        row[0] === '效益指标' ? ['效益指标', '人文关怀指标', ...row.slice(2)] : row,
      ),
    );
    const e = await refusalOf(importWorkbook(bytes, 'xlsx'));
    expect(e.where).toMatchObject({ sheet: '项目1', line: 19, column: 2 });
    expect(e.message).toContain('人文关怀指标');
  });

  it('refuses a sheet stating no unit unless the unit is given', async () => {
    const bytes = await workbookOf([
      {
        name: '项目1',
        rows: sheets[0]!.rows
          .filter((row) => !row.some((c) => typeof c === 'object' && c?.v === '金额单位：万元'))
          .map((row) =>
            row.map((c) =>
              typeof c === 'object' && c?.v === '项目资金（万元）' ? { ...c, v: '项目资金' } : c,
            ),
          ),
      },
    ]);
    const e = await refusalOf(importWorkbook(bytes, 'xlsx'));
    expect(e.message).toMatch(/^工作表“项目1”第 6 行 E 列：.*找不到金额单位.*--unit/u);
    const r = await importWorkbook(bytes, 'xlsx', { unit: '万元' });
    expect(projects(r)[0]!.amounts.fiscal).toBe(100_000_000);
  });
});

describe('two forms down one sheet, in 元: money as a small table, values split under two header rows', () => {
  for (const copy of COPIES) {
    it(`reads both forms exactly (${copy === '' ? 'exceljs' : 'LibreOffice'} copy)`, async () => {
      const r = await importWorkbook(fixture('two-forms-one-sheet-yuan', copy), 'xlsx');
      expect(r.draft).toMatchObject({
        department: '示例县交通运输局',
        year: 2025,
        money: { unit: '元', decimals: 2 },
      });
      const [a, b] = projects(r) as [DraftProject, DraftProject];
      expect([a.name, b.name]).toEqual(['农村公路日常养护', '桥梁定期检测']);
      expect(r.draft.units.map((u) => u.name)).toEqual(['示例县公路养护中心']);
      expect([a.indicators.length, b.indicators.length]).toEqual([5, 3]);
      // 3,309,840.00 元 exactly, by source; the period's total and the carry-over beside it.
      expect(a.amounts).toEqual({ fiscal: 300_000_000, specialAccount: 0, other: 30_984_000 });
      expect([a.totalBudget, a.carryOver]).toEqual([330_984_000, 0]);
      expect(b.amounts).toEqual({ fiscal: 15_000_000, specialAccount: 0, other: 0 });
      expect(a.indicators.map((i) => i.level2Code)).toEqual(['11', '12', '13', '22', '31']);
      expect(a.indicators[0]!.cycle).toMatchObject({ operator: '≥', value: '1200', unit: '公里' });
      expect(a.indicators[1]).toMatchObject({ explanation: 'MQI', cycle: { value: '80' } });
      // A sentence over the split value's three cells stays one sentence.
      expect(a.indicators[2]!.cycleValue).toBe('按季度完成');
      expect(a.indicators[2]!.cycle).toBeUndefined();
      expect(b.indicators[1]!.cycle).toMatchObject({ operator: '＝', value: '100', unit: '%' });
      expect(messages(r)).toContain('文件中有 2 张逐项目申报表，共 8 条绩效指标，全部导入');
      // The unit: a 金额单位 statement in a cell of its own beside 填报单位; in the second form,
      // the money table's column title 项目资金总额（元）.
      expect(messages(r)).toContain('项目“农村公路日常养护”：金额单位为元（“金额单位：元”）');
      expect(
        messages(r).some((m) =>
          m.startsWith('项目“桥梁定期检测”：金额单位为元（“项目资金总额（元）'),
        ),
      ).toBe(true);
      expect(r.notes.filter((n) => n.severity === 'warning')).toEqual([]);
    });
  }

  it('through the command line: a document with both projects', () => {
    const dir = tempDir();
    const out = path.join(dir, 'forms.jxmb');
    const run = runCli(['import', path.join(FORMS, 'two-forms-one-sheet-yuan.xlsx'), '-o', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const doc = TargetDocument.open(out, { readonly: true });
    try {
      const d = doc.snapshot();
      expect(d.units.flatMap((u) => u.projects.map((p) => p.indicators.length))).toEqual([5, 3]);
      expect(d.money.unit).toBe('元');
    } finally {
      doc.close();
    }
  });
});
