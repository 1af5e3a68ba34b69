import { describe, expect, it } from 'vitest';
import { gridCellSource, readPdfGrid } from '../../db/import/pdf-grid.ts';
import { collectRules, type PathOps } from '../../db/import/pdf-grid-rules.ts';
import { joinCellLines, type TextLine } from '../../db/import/pdf-grid-text.ts';
import {
  drawPdf,
  textWidth,
  type BorderStyle,
  type DrawnCell,
  type DrawnPage,
} from './pdf-grid-draw.ts';

// The grid reader: a PDF page's ruled table read by position into rows of cells, whichever way
// the printer drew the borders, with merged cells, text outside the grid, and tables going on
// over pages.

const cellsOf = async (bytes: Uint8Array) => (await readPdfGrid(bytes)).rows.map((r) => r.cells);

/** A row of cells of equal width from x = 50, `h` high. */
function row(
  y: number,
  h: number,
  widths: readonly number[],
  texts: readonly (string | string[])[],
) {
  let x = 50;
  return widths.map((w, i): DrawnCell => {
    const t = texts[i] ?? '';
    const cell = { x, y, w, h, lines: typeof t === 'string' ? (t ? [t] : []) : t };
    x += w;
    return cell;
  });
}

/** A form: header block with merged cells, a goal over three lines, an indicator grid. */
const FORM: DrawnPage = {
  texts: [
    { x: 200, y: 40, text: '项目支出绩效目标申报表' },
    { x: 50, y: 70, text: '部门名称：示例局' },
    { x: 460, y: 70, text: '单位：万元' },
    { x: 260, y: 800, text: '第 1 页 共 1 页' },
  ],
  cells: [
    ...row(90, 20, [80, 380], ['项目名称', '示例项目']),
    // 项目资金 spans two rows; the amounts below it.
    { x: 50, y: 110, w: 80, h: 40, lines: ['项目资金（万元）'] },
    ...row(
      110,
      20,
      [80, 95, 95, 95, 95],
      ['', '总计', '财政拨款', '财政专户拨款', '其他资金'],
    ).slice(1),
    ...row(130, 20, [80, 95, 95, 95, 95], ['', '12.50', '12.50']).slice(1),
    ...row(150, 44, [80, 380], ['绩效目标', ['1.完成系统运维。', '2.通过ISO 9001认证。']]),
    ...row(
      200,
      20,
      [80, 80, 80, 110, 110],
      ['一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值'],
    ),
    // 产出指标 and 数量指标 merged over two indicator rows.
    { x: 50, y: 220, w: 80, h: 40, lines: ['产出指标'] },
    { x: 130, y: 220, w: 80, h: 40, lines: ['数量指标'] },
    ...row(220, 20, [80, 80, 80, 110, 110], ['', '', '培训班', '≥12期', '≥12期']).slice(2),
    ...row(240, 20, [80, 80, 80, 110, 110], ['', '', '覆盖率', '100%', '100%']).slice(2),
    ...row(260, 20, [80, 80, 80, 110, 110], ['效益指标', '社会效益', '影响', '提升', '提升']),
  ],
};

const FORM_ROWS = [
  ['项目支出绩效目标申报表'],
  ['部门名称：示例局 单位：万元'],
  ['项目名称', '示例项目'],
  ['项目资金（万元）', '总计', '财政拨款', '财政专户拨款', '其他资金'],
  ['', '12.50', '12.50', '', ''],
  ['绩效目标', '1.完成系统运维。\n2.通过ISO 9001认证。'],
  ['一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值'],
  ['产出指标', '数量指标', '培训班', '≥12期', '≥12期'],
  ['', '', '覆盖率', '100%', '100%'],
  ['效益指标', '社会效益', '影响', '提升', '提升'],
];

describe('a ruled form read by position', () => {
  for (const style of ['cell-rects', 'lines', 'filled'] as BorderStyle[]) {
    it(`gives its rows of cells, borders drawn as ${style}`, async () => {
      const rows = await cellsOf(await drawPdf([FORM], style));
      expect(rows.slice(0, -1)).toEqual(FORM_ROWS);
      // The footer: a line of its own (a printer other than this program spaces it its way).
      expect(rows.at(-1)).toEqual(['第1页共1页']);
    });
  }

  it('says where each row is: page and line', async () => {
    const { rows, origin } = await readPdfGrid(await drawPdf([FORM, FORM], 'lines'));
    expect(origin).toBe('pdf');
    expect(rows[0]!.where).toEqual({ page: 1, line: 1 });
    expect(rows[2]!.where).toEqual({ page: 1, line: 3 });
    expect(rows.find((r) => r.where.page === 2)!.where).toEqual({ page: 2, line: 1 });
  });

  it('keeps this program’s text as printed, spaces and all', async () => {
    const rows = await cellsOf(await drawPdf([FORM], 'cell-rects', '绩效目标表编制器'));
    expect(rows[5]).toEqual(['绩效目标', '1.完成系统运维。\n2.通过ISO 9001认证。']);
    expect(rows.at(-1)).toEqual(['第 1 页 共 1 页']);
  });
});

describe('a table going on over pages', () => {
  // The value cut by the page fills its line: what comes overleaf would not have fitted on it.
  const cut = '全区覆盖，参训人员不少于1,0';
  const WIDTHS = [80, 80, 80, Math.ceil(textWidth(cut) + 7)];
  const header = (y: number) => row(y, 20, WIDTHS, ['一级指标', '二级指标', '三级指标', '指标值']);
  const first: DrawnPage = {
    texts: [
      { x: 200, y: 40, text: '项目支出绩效目标表' },
      { x: 260, y: 800, text: '第 1 页 共 2 页' },
    ],
    cells: [
      ...header(90),
      { x: 50, y: 110, w: 80, h: 40, lines: ['产出指标'] },
      { x: 130, y: 110, w: 80, h: 40, lines: ['数量指标'] },
      ...row(110, 20, WIDTHS, ['', '', '培训班', '12期']).slice(2),
      // Split by the page: its value goes on overleaf.
      ...row(130, 20, WIDTHS, ['', '', '覆盖率', cut]).slice(2),
    ],
  };
  const second = (name: string, mergedText: string): DrawnPage => ({
    texts: [{ x: 260, y: 800, text: '第 2 页 共 2 页' }],
    cells: [
      ...header(40),
      { x: 50, y: 60, w: 80, h: 40, lines: mergedText ? [mergedText] : [] },
      { x: 130, y: 60, w: 80, h: 40, lines: mergedText ? ['数量指标'] : [] },
      ...row(60, 20, WIDTHS, ['', '', name, '00人次。']).slice(2),
      ...row(80, 20, WIDTHS, ['', '', '时长', '3天']).slice(2),
      ...row(100, 20, WIDTHS, ['效益指标', '社会效益', '影响', '提升']),
    ],
  });
  const expected = [
    ['项目支出绩效目标表'],
    ['一级指标', '二级指标', '三级指标', '指标值'],
    ['产出指标', '数量指标', '培训班', '12期'],
    ['', '', '覆盖率', '全区覆盖，参训人员不少于1,000人次。'],
    ['', '', '时长', '3天'],
    ['效益指标', '社会效益', '影响', '提升'],
  ];

  it('drops the repeated header and the page furniture, joins the row named …（续）', async () => {
    // This program repeats a merged cell's text on the new page and names the continued row.
    const pdf = await drawPdf(
      [first, second('覆盖率（续）', '产出指标')],
      'cell-rects',
      '绩效目标表编制器',
    );
    const rows = await cellsOf(pdf);
    expect(rows.slice(0, -1)).toEqual(expected);
    expect(rows.at(-1)).toEqual(['第 2 页 共 2 页']);
  });

  it('joins a split row another printer leaves unnamed (its name cell empty overleaf)', async () => {
    const rows = await cellsOf(await drawPdf([first, second('', '')], 'lines'));
    expect(rows.slice(0, -1)).toEqual(expected);
  });

  it('keeps a page that starts with a title apart: a new table, nothing dropped', async () => {
    const rows = await cellsOf(await drawPdf([FORM, FORM], 'lines'));
    expect(rows).toHaveLength(2 * (FORM_ROWS.length + 1));
  });
});

describe('a merged cell cut by a page (LibreOffice)', () => {
  // The goal, merged over the project's rows, runs on overleaf into the next row's place.
  const goal = ['完成系统运维，保障业', '务正常运行，全年无重'];
  const widths = [60, Math.ceil(Math.max(...goal.map(textWidth)) + 7), 80, 80];
  const head = (y: number) => row(y, 20, widths, ['项目', '年度目标', '三级指标', '指标值']);
  const pages: DrawnPage[] = [
    {
      cells: [...head(90), ...row(110, 30, widths, ['运维项目', goal, '可用率', '≥99%'])],
    },
    {
      cells: [
        ...head(40),
        { x: 50, y: 60, w: widths[0]!, h: 40 },
        { x: 50 + widths[0]!, y: 60, w: widths[1]!, h: 40, lines: ['大故障。'] },
        ...row(60, 20, widths, ['', '', '响应', '≤2小时']).slice(2),
        ...row(80, 20, widths, ['', '', '满意度', '≥95%']).slice(2),
      ],
    },
  ];

  it('gives its text back to the cell, the row below stays a row of its own', async () => {
    expect(await cellsOf(await drawPdf(pages, 'lines'))).toEqual([
      ['项目', '年度目标', '三级指标', '指标值'],
      ['运维项目', '完成系统运维，保障业务正常运行，全年无重大故障。', '可用率', '≥99%'],
      ['', '', '响应', '≤2小时'],
      ['', '', '满意度', '≥95%'],
    ]);
  });

  it('takes a line run over the cell’s bottom border as the cell’s own', () => {
    const rules = [100, 120, 140].map((y) => ({ dir: 'h' as const, y, x0: 50, x1: 150 }));
    const sides = [50, 150].map((x) => ({ dir: 'v' as const, x, y0: 100, y1: 140 }));
    const items = [
      { text: '甲', x: 52, y: 112, width: 9, size: 9 },
      // Its top above the border below: the end of the cell above, printed over the border.
      { text: '乙', x: 52, y: 121.5, width: 9, size: 9 },
      { text: '丙', x: 52, y: 134, width: 9, size: 9 },
    ];
    const { rows } = gridCellSource([{ page: 1, items, rules: [...rules, ...sides] }], 'other');
    expect(rows.map((r) => r.cells)).toEqual([['甲\n乙'], ['丙']]);
  });
});

describe('a cell’s lines run together', () => {
  // A cell whose text may reach x = 100; 10 pt type.
  const line = (text: string, x1: number, x0 = 0): TextLine => ({ text, x0, x1, y: 0, size: 10 });
  const join = (printer: 'this-program' | 'other', ...lines: TextLine[]) =>
    joinCellLines(lines, 100, printer);

  it('closes up the printer’s breaks: Chinese, digits, a Latin word broken inside', () => {
    expect(join('other', line('完成系统运维工作并通过', 99), line('验收。', 30))).toBe(
      '完成系统运维工作并通过验收。',
    );
    expect(join('other', line('全年完成于202', 96), line('4年完成', 35))).toBe(
      '全年完成于2024年完成',
    );
    expect(join('other', line('通过认证IS', 97), line('O认证', 25))).toBe('通过认证ISO认证');
  });

  it('keeps the space of a break between Latin words', () => {
    expect(join('this-program', line('通过ISO', 80), line('9001认证', 40))).toBe(
      '通过ISO 9001认证',
    );
    // Another printer broke at the space: the next character would have fitted.
    expect(join('other', line('通过ISO', 80), line('9001认证', 40))).toBe('通过ISO 9001认证');
  });

  it('keeps a line the writer ended: what follows would have fitted on it', () => {
    expect(join('other', line('1.完成。', 50), line('2.验收。', 50))).toBe('1.完成。\n2.验收。');
    // Not when only punctuation that may not start a line kept the character down.
    expect(join('other', line('组织开展培训提升参训', 82), line('性。其他', 40))).toBe(
      '组织开展培训提升参训性。其他',
    );
  });
});

describe('text pdf.js ran together', () => {
  it('is cut at the border between two cells', () => {
    // Tight padding: pdf.js joins the two cells' texts with a space into one piece.
    const rules = [
      { dir: 'h' as const, y: 100, x0: 50, x1: 200 },
      { dir: 'h' as const, y: 120, x0: 50, x1: 200 },
      { dir: 'v' as const, x: 50, y0: 100, y1: 120 },
      { dir: 'v' as const, x: 90, y0: 100, y1: 120 },
      { dir: 'v' as const, x: 200, y0: 100, y1: 120 },
    ];
    const items = [{ text: '财政拨款 其他资金', x: 52, y: 114, width: 77.4, size: 9 }];
    const { rows } = gridCellSource([{ page: 1, items, rules }], 'other');
    expect(rows.map((r) => r.cells)).toEqual([['财政拨款', '其他资金']]);
  });
});

describe('the ruling lines of a page', () => {
  const OPS: PathOps = {
    save: 1,
    restore: 2,
    transform: 3,
    formBegin: 4,
    formEnd: 5,
    constructPath: 6,
    stroke: [7],
    fill: [8],
  };
  const clip = 9;
  const path = (...d: number[]) => [new Float32Array(d)];
  const rect = (x: number, y: number, w: number, h: number) =>
    [0, x, y, 1, x + w, y, 1, x + w, y + h, 1, x, y + h, 4] as const;
  const flip = [1, 0, 0, -1, 0, 800] as const;

  it('reads stroked rectangles and lines, thin filled rectangles, through transforms', () => {
    const fns = [6, 1, 3, 6, 6, 2, 6, 6, 6, 6];
    const args = [
      [7, path(...rect(10, 10, 100, 20))],
      null,
      [2, 0, 0, 2, 0, 0],
      [7, path(0, 5, 5, 1, 5, 100)],
      [8, path(...rect(10, 200, 50, 0.5))],
      null,
      // A large fill is shading, a curve is not a border, a clip is not drawn.
      [8, path(...rect(0, 0, 300, 300))],
      [7, path(0, 0, 0, 2, 10, 10, 20, 10, 30, 0)],
      [clip, path(...rect(0, 0, 600, 800))],
      [8, path(...rect(400, 100, 0.8, 60))],
    ];
    const rules = collectRules(fns, args, { ...OPS }, flip);
    const fmt = rules.map((r) =>
      r.dir === 'h' ? `h ${r.y.toFixed(2)} ${r.x0}-${r.x1}` : `v ${r.x.toFixed(2)} ${r.y0}-${r.y1}`,
    );
    expect(fmt).toEqual([
      'h 790.00 10-110',
      'v 110.00 770-790',
      'h 770.00 10-110',
      'v 10.00 770-790',
      // Scaled by 2 after the save, y flipped.
      'v 10.00 600-790',
      'h 399.50 20-120',
      'v 400.40 640-700',
    ]);
  });
});
