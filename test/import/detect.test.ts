import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textCellRows } from '../../db/import/cell-rows.ts';
import { detectText, readCells, readText } from '../../db/import/index.ts';
import { ImportError } from '../../db/import/source-where.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT, tempDir } from '../helpers.ts';
import { runCli } from '../cli/run.ts';

const OTHER_REGIONS = path.resolve(ROOT, '..', 'shared', 'fixtures', 'other-regions');
const own = (name: string) => readFileSync(ownFixture(name), 'utf8');
const family = (text: string) => detectText(text, textCellRows(text))?.family ?? null;
const indicators = (r: ReturnType<typeof readText>) =>
  r.draft.units.flatMap((u) => u.projects).reduce((n, p) => n + p.indicators.length, 0);

function refusal(run: () => unknown): ImportError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('not refused');
}

describe('which layout a text is', () => {
  it('the Guangzhou published table: by its header row, its notation or its title', () => {
    expect(family(own('small-published.txt'))).toBe('published');
    // Without its title and header row: the indicator notation alone.
    const bare = own('small-published.txt')
      .replace(/^.*项目支出绩效目标表.*$/mu, '')
      .replace(/^项目名称（资金使用单位）.*$/mu, '');
    expect(family(bare)).toBe('published');
  });

  it('a per-row table, also under the Guangzhou title this program prints above it', () => {
    const text = own('other-regions/per-row-own-layout-2025.txt');
    expect(text).toContain('2025年项目支出绩效目标表');
    expect(family(text)).toBe('per-row');
    expect(family(own('other-regions/per-row-county-2024-yuan-defects.txt'))).toBe('per-row');
    // A goal quoting the Guangzhou notation does not make the sheet a Guangzhou table.
    const quoting = text.replace(
      '举办文化惠民演出，群众满意度不低于90%。',
      '1、1-产出指标；11-数量指标；演出场次；实施周期指标值:120场；年度指标值:120场。',
    );
    expect(family(quoting)).toBe('per-row');
  });

  it.runIf(readdirSync(path.dirname(OTHER_REGIONS)).includes('other-regions'))(
    'the real per-project forms of other regions',
    () => {
      for (const f of readdirSync(OTHER_REGIONS).filter((n) => n.endsWith('.txt'))) {
        expect([f, family(readFileSync(path.join(OTHER_REGIONS, f), 'utf8'))]).toEqual([
          f,
          'project-form',
        ]);
      }
    },
  );

  it('nothing it knows', () => {
    expect(family('会议纪要\n一、关于预算编制\n二、其他')).toBeNull();
  });
});

describe('reading any layout (readText)', () => {
  it('reads each family and says which it took the table for', () => {
    const perRow = readText(own('other-regions/per-row-own-layout-2025.txt'));
    expect(indicators(perRow)).toBe(11);
    expect(perRow.notes[0]).toMatchObject({ severity: 'info', line: 9 });
    expect(perRow.notes[0]!.message).toMatch(/^按每行一个指标的汇总表读取（第 11 行为其表头/);
    expect(indicators(readText(own('small-published.txt')))).toBe(13);
  });

  it('the new document prints as the table came: 汇总表, 申报表, or (none said) the official one', () => {
    const perRow = readText(own('other-regions/per-row-own-layout-2025.txt'));
    expect(perRow.draft.printLayout).toBe('per-row');
    expect(perRow.notes[0]!.message).toContain(
      '打印格式取为“项目支出绩效指标汇总表（每行一个指标）”',
    );
    const form = readText(own('other-regions/project-form-two-projects.txt'));
    expect(form.draft.printLayout).toBe('per-project');
    expect(readText(own('small-published.txt')).draft.printLayout ?? null).toBeNull();
  });

  it.runIf(HAS_PANYU)('the real published table as before: 273 indicators', () => {
    expect(indicators(readText(readFileSync(PANYU_FIXTURE, 'utf8')))).toBe(273);
  });

  it('a text of no known layout: says so and lists the supported ones, not a missing title', () => {
    const e = refusal(() => readText('会议纪要\n一、关于预算编制\n二、其他'));
    expect(e.message).toMatch(/^第 1 行：未能识别表格格式/);
    for (const name of [
      '广州市公开格式（项目支出绩效目标表）',
      '逐项目申报表（项目支出绩效目标申报表、审批表）',
      '每行一个指标的汇总表',
    ]) {
      expect(e.message).toContain(name);
    }
    expect(e.message).not.toContain('找不到表格标题');
  });

  it('a table of a known layout that cannot be read: names the layout and why', () => {
    const text = own('other-regions/per-row-own-layout-2025.txt').replace(
      '| 质量指标 | 演出安全事故',
      '| 神秘指标 | 演出安全事故',
    );
    const e = refusal(() => readText(text));
    expect(e.line).toBe(14);
    expect(e.message).toMatch(
      /^第 14 行：按每行一个指标的汇总表读取（第 11 行为其表头，项目与指标在同一行），无法导入：项目“公共文化服务经费”的指标“演出安全事故”：指标类别“产出指标 \/ 神秘指标”不在/,
    );
    const published = refusal(() =>
      readText(own('small-published.txt').replace('合计 1,100.00 1,090.00 8.00 2.00', '')),
    );
    expect(published.message).toContain('按广州市公开格式（项目支出绩效目标表）读取');
    expect(published.message).toContain('找不到“合计”行');
  });

  it('empty text', () => {
    expect(() => readText('\uFEFF \n\n')).toThrow('文本为空');
  });

  it('cells from elsewhere (a PDF grid) go through the same dispatch', () => {
    const cells = textCellRows(own('other-regions/per-row-county-2024-yuan-defects.txt'));
    expect(indicators(readCells({ rows: cells.rows, origin: 'pdf' }))).toBe(10);
    const e = refusal(() =>
      readCells({ rows: textCellRows('甲 | 乙\n丙 | 丁').rows, origin: 'pdf' }),
    );
    expect(e.message).toContain('未能识别表格格式');
  });
});

describe('the command line', () => {
  it('imports a per-row table; --unit for a table stating none; a contradicting one refused', () => {
    const dir = tempDir();
    const noUnit = path.join(dir, 'no-unit.txt');
    writeFileSync(
      noUnit,
      own('other-regions/per-row-own-layout-2025.txt').replace(' | 单位：万元', ''),
    );
    const refused = runCli(['import', noUnit, '-o', path.join(dir, 'a.jxmb')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('找不到金额单位');
    expect(refused.stderr).toContain('--unit 万元|元');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['no-unit.txt']);

    const ok = runCli(['import', noUnit, '-o', path.join(dir, 'b.jxmb'), '--unit', '万元']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('资金使用单位 2 个，项目 4 个，绩效指标 11 条');
    expect(ok.stdout).toContain('按指定的金额单位万元读取');

    const yuan = ownFixture('other-regions/per-row-county-2024-yuan-defects.txt');
    const contra = runCli(['import', yuan, '-o', path.join(dir, 'c.jxmb'), '--unit', 'wan']);
    expect(contra.status).toBe(2);
    expect(contra.stderr).toMatch(/表格注明金额单位为元.*与指定的单位万元不一致/);

    const bad = runCli(['import', yuan, '-o', path.join(dir, 'd.jxmb'), '--unit', '美元']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--unit 应为 万元 或 元');
  });

  it('rollover reads a per-row table as last year’s, with --unit', () => {
    const dir = tempDir();
    const source = path.join(dir, 'last.txt');
    writeFileSync(
      source,
      own('other-regions/per-row-own-layout-2025.txt').replace(' | 单位：万元', ''),
    );
    const target = path.join(dir, 'next.jxmb');
    const refused = runCli(['rollover', source, '-o', target]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--unit 万元|元');
    const r = runCli(['rollover', source, '-o', target, '--unit', '万元']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('已由表格文字（2025 年，4 个项目）新建 2026 年的表');
  });
});

describe('import of a PDF', () => {
  it('reads this program’s per-row PDF back through the same dispatch', () => {
    const dir = tempDir();
    const doc = path.join(dir, 'a.jxmb');
    const pdf = path.join(dir, 'a.pdf');
    expect(
      runCli(['import', ownFixture('other-regions/per-row-own-layout-2025.txt'), '-o', doc]).status,
    ).toBe(0);
    const exported = runCli(['export', doc, '--pdf', pdf, '--layout', 'per-row']);
    expect(exported.stderr).toBe('');
    const back = runCli(['import', pdf, '-o', path.join(dir, 'b.jxmb')]);
    expect(back.stderr).toBe('');
    expect(back.stdout).toContain('资金使用单位 2 个，项目 4 个，绩效指标 11 条');
    expect(back.stdout).toContain('按每行一个指标的汇总表读取');
  });
});
