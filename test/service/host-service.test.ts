import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowserHost } from '../../cli/web/host.ts';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { EXPORT_FORMATS, type Renderer } from '../../db/service/export.ts';
import {
  documentStem,
  freshPath,
  safeFileName,
  samePath,
  withExtension,
} from '../../db/service/file-names.ts';
import type { HostPort, Render, SaveTarget, TargetRequest } from '../../db/service/port.ts';
import { HostService } from '../../db/service/service.ts';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import type { HostInfo, OpenMode } from '../../db/shared/api/host-contract.ts';
import { perProject } from '../../templates/layout/per-project.ts';
import { ownFixture, tempDir } from '../helpers.ts';
import { makeDocument } from '../electron/fakes.ts';
import { readWorkbook } from '../export/xlsx-tools.ts';

/**
 * The host service on its own, under Node, on real documents and files, through a third port
 * that is neither Electron nor browser mode: a clerk scripted by queues of answers, in named
 * windows. What both hosts share is decided here once, so it is tested here once.
 */

class ScriptedPort implements HostPort<string> {
  readonly info: HostInfo = { mode: 'browser', version: 'test' };
  readonly sessions = new Map<string, EditorSession>();
  /** The clerk's answers to 打开-like questions, then to 保存-like ones (undefined: cancel). */
  readonly sources: (string | undefined)[] = [];
  readonly targets: (SaveTarget | undefined)[] = [];
  readonly asked: TargetRequest[] = [];
  /** Windows closed (e.g. while a question was open). */
  readonly gone = new Set<string>();
  /** Closes this window when the clerk is next asked where to save. */
  closeOnAsk: string | undefined;
  readonly progressSeen: (number | undefined)[] = [];
  readonly previews: { name: string; bytes: Uint8Array }[] = [];

  recent = () => [];
  session = (t: string) => this.sessions.get(t);
  client = (t: string) => t;
  still = (t: string, s?: EditorSession) =>
    !this.gone.has(t) && (!s || (this.sessions.get(t) === s && s.doc.isOpen));
  showing = (file: string) =>
    [...this.sessions.values()].some((s) => samePath(s.doc.filePath, file));
  pageSource = (given: string) => given;
  pageTarget = () => undefined;
  askSource = () => Promise.resolve(this.sources.shift());
  askTarget = (_t: string, request: TargetRequest) => {
    this.asked.push(request);
    if (this.closeOnAsk) this.gone.add(this.closeOnAsk);
    return Promise.resolve(this.targets.shift());
  };
  open = (t: string, file: string, mode: OpenMode): Promise<DocumentState> => {
    const session = EditorSession.open(file, { mode });
    this.sessions.get(t)?.close();
    this.sessions.set(t, session);
    return Promise.resolve(session.state(t));
  };
  adopt = (t: string, next: EditorSession | undefined) => {
    if (next) this.sessions.set(t, next);
    else this.sessions.delete(t);
  };
  preview = async (_t: string, name: string, render: Render) => {
    this.previews.push({ name, bytes: await render() });
  };
  progress = (_t: string, fraction: number | undefined) => {
    this.progressSeen.push(fraction);
  };
}

let dir: string;
let port: ScriptedPort;
let service: HostService<string>;
const target = (name: string, confirmed = true): SaveTarget => ({
  file: path.join(dir, name),
  confirmed,
});

beforeEach(() => {
  dir = tempDir();
  port = new ScriptedPort();
  service = new HostService(port);
});
afterEach(() => {
  for (const s of port.sessions.values()) s.close();
});

describe('the flows, once for every host', () => {
  it('由上年文件新建 proposes next year’s name beside the source and never writes over it', async () => {
    const source = makeDocument(path.join(dir, '上年.jxmb'), '区委组织部', 2025);
    const before = readFileSync(source);
    port.sources.push(source, source);
    port.targets.push({ file: source, confirmed: true });
    await expect(service.call('w', 'newFromPrevious', { keepAmounts: false })).rejects.toThrow(
      '不能覆盖上年的文件',
    );
    expect(readFileSync(source).equals(before)).toBe(true);
    expect(port.asked[0]).toMatchObject({
      title: '新建绩效目标表（由上年文件）',
      stem: '区委组织部2026年绩效目标表',
      ext: '.jxmb',
      near: source,
    });

    port.targets.push(target('下年.jxmb'));
    const state = (await service.call('w', 'newFromPrevious', {
      keepAmounts: false,
    })) as DocumentState;
    expect(state).toMatchObject({ fileName: '下年.jxmb', data: { year: 2026 } });
  });

  it('由上年文件新建 from a table stating no unit: refused naming the unit, read in the one given', async () => {
    const source = path.join(dir, '上年.txt');
    writeFileSync(
      source,
      readFileSync(ownFixture('other-regions/per-row-own-layout-2025.txt'), 'utf8').replace(
        ' | 单位：万元',
        '',
      ),
    );
    port.sources.push(source);
    await expect(service.call('w', 'newFromPrevious', { keepAmounts: false })).rejects.toThrow(
      '找不到金额单位',
    );
    await expect(
      service.call('w', 'newFromPrevious', { source, keepAmounts: false, unit: '美元' }),
    ).rejects.toThrow('请求内容无效（unit：金额单位应为 万元 或 元）');
    port.targets.push(target('下年.jxmb'));
    const state = (await service.call('w', 'newFromPrevious', {
      source,
      keepAmounts: true,
      unit: '万元',
    })) as DocumentState;
    expect(state).toMatchObject({ data: { year: 2026, money: { unit: '万元', decimals: 6 } } });
  });

  it('a window closed while the clerk chose where to save: nothing is written', async () => {
    const source = makeDocument(path.join(dir, '上年.jxmb'));
    port.sources.push(source);
    port.targets.push(target('下年.jxmb'));
    port.closeOnAsk = 'w';
    expect(await service.call('w', 'newFromPrevious', { keepAmounts: false })).toBeNull();
    expect(existsSync(path.join(dir, '下年.jxmb'))).toBe(false);
  });

  it('cancelling any question changes nothing', async () => {
    port.sources.push(undefined);
    expect(await service.call('w', 'openDocument', {})).toBeNull();
    port.targets.push(undefined);
    expect(
      await service.call('w', 'newDocument', { department: '某局', year: 2026, tree: 'default' }),
    ).toBeNull();
    expect(port.sessions.size).toBe(0);
  });

  it('新建 never writes over a document open in another window', async () => {
    const open = makeDocument(path.join(dir, '开着的.jxmb'));
    port.sessions.set('other', EditorSession.open(open));
    port.targets.push(target('开着的.jxmb'));
    await expect(
      service.call('w', 'newDocument', { department: '某局', year: 2026, tree: 'default' }),
    ).rejects.toThrow('正在另一个窗口中编辑');
    expect(port.sessions.get('other')!.state().data.department).toBe('区委组织部');
  });

  it('新建 takes the money unit chosen in the form, and refuses an impossible one', async () => {
    port.targets.push(target('元.jxmb'));
    const money = { unit: '元', decimals: 2 } as const;
    const state = (await service.call('w', 'newDocument', {
      department: '某局',
      year: 2026,
      tree: 'default',
      money,
    })) as DocumentState;
    expect(state.data.money).toEqual(money);
    await expect(
      service.call('w2', 'newDocument', {
        department: '某局',
        year: 2026,
        tree: 'default',
        money: { unit: '元', decimals: 4 },
      }),
    ).rejects.toThrow('金额单位为元时小数位数只能是 2');
  });

  it('另存为 proposes “（副本）” beside the document and goes on in the copy', async () => {
    const file = makeDocument(path.join(dir, '表.jxmb'));
    port.sessions.set('w', EditorSession.open(file));
    port.targets.push(target('副本.jxmb', false));
    const state = (await service.call('w', 'saveAs', {})) as DocumentState;
    expect(port.asked[0]).toMatchObject({ stem: '表（副本）', near: file });
    expect(state.fileName).toBe('副本.jxmb');
    expect(port.sessions.get('w')!.doc.filePath).toBe(path.join(dir, '副本.jxmb'));
  });
});

describe('export and preview, once for every host', () => {
  let file: string;
  beforeEach(() => {
    file = makeDocument(path.join(dir, '表.jxmb'));
    port.sessions.set('w', EditorSession.open(file));
  });

  it('proposes the document’s name (with the layout’s) beside it; keeps a file not confirmed', async () => {
    const existing = path.join(dir, 'out.pdf');
    writeFileSync(existing, 'mine');
    port.targets.push(target('out.pdf', false));
    await expect(
      service.call('w', 'exportDocument', { format: 'pdf', layout: perProject.id }),
    ).rejects.toThrow('“out.pdf”已存在，未覆盖');
    expect(readFileSync(existing, 'utf8')).toBe('mine');
    expect(port.asked[0]).toMatchObject({
      title: '导出 PDF',
      filters: [EXPORT_FORMATS.pdf.filter],
      stem: `表-${safeFileName(perProject.name)}`,
      ext: '.pdf',
      near: file,
    });
    port.targets.push(target('out.pdf', true));
    expect(
      await service.call('w', 'exportDocument', { format: 'pdf', layout: perProject.id }),
    ).toEqual({ name: 'out.pdf' });
    expect(readFileSync(existing).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('导出 Excel: the workbook in the shape that goes with the layout, named after it', async () => {
    port.targets.push(target('rows.xlsx'), target('official.xlsx'));
    await service.call('w', 'exportDocument', { format: 'xlsx', layout: 'per-row' });
    expect(port.asked[0]).toMatchObject({
      title: '导出 Excel',
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
      stem: '表-绩效指标导入表（每行一个指标）',
      ext: '.xlsx',
    });
    // The per-project forms have no workbook of their own: the official table.
    await service.call('w', 'exportDocument', { format: 'xlsx', layout: perProject.id });
    expect(port.asked[1]).toMatchObject({ stem: '表', ext: '.xlsx' });
    const sheets = async (name: string) =>
      (await readWorkbook(path.join(dir, name))).worksheets.map((w) => w.name);
    expect(await sheets('rows.xlsx')).toEqual(['年度指标', '实施期指标', '项目', '说明']);
    expect(await sheets('official.xlsx')).toEqual(['项目支出绩效目标表', '说明']);
  });

  it('the host hears an export’s progress, and undefined when it is over', async () => {
    const render: Renderer = (job, options) => {
      // Told every row; passed on in steps of at least 1 %.
      for (const f of [0.5, 0.501, 0.502, 0.52, 1]) options?.onProgress?.(f);
      return Promise.resolve(new TextEncoder().encode(`${job.format} ${job.layoutId}`));
    };
    service = new HostService(port, { render });
    port.targets.push(target('x.docx'));
    await service.call('w', 'exportDocument', { format: 'docx', layout: 'official' });
    expect(port.progressSeen).toEqual([0, 0.5, 0.52, 1, undefined]);
    expect(readFileSync(path.join(dir, 'x.docx'), 'utf8')).toBe('docx official');
  });

  it('the page can ask how far its document’s export is while it renders (exportProgress)', async () => {
    let release!: () => void;
    const render: Renderer = async (_job, options) => {
      options?.onProgress?.(0.4);
      await new Promise<void>((resolve) => (release = resolve));
      return new TextEncoder().encode('pdf');
    };
    service = new HostService(port, { render });
    expect(await service.call('w', 'exportProgress', {})).toBeNull();
    port.targets.push(target('x.pdf'));
    const exporting = service.call('w', 'exportDocument', { format: 'pdf', layout: 'official' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await service.call('w', 'exportProgress', {})).toEqual({ fraction: 0.4 });
    release();
    await exporting;
    expect(await service.call('w', 'exportProgress', {})).toBeNull();
  });

  it('preview renders a PDF named after the document', async () => {
    await service.call('w', 'printPreview', { layout: 'official' });
    expect(port.previews[0]!.name).toBe('表');
    expect(Buffer.from(port.previews[0]!.bytes).subarray(0, 5).toString()).toBe('%PDF-');
    expect(port.progressSeen.at(-1)).toBeUndefined();
  });

  it('refuses an unknown layout before asking anything', async () => {
    await expect(
      service.call('w', 'exportDocument', { format: 'pdf', layout: 'nope' }),
    ).rejects.toThrow('没有名为“nope”的打印格式');
    expect(port.asked).toHaveLength(0);
  });
});

describe('one wording for a refused request, whichever host', () => {
  it('host payloads, unknown operations, and browser mode’s download', async () => {
    await expect(service.call('w', 'saveAs', { path: 42 })).rejects.toThrow(
      /^请求内容无效（path：/,
    );
    await expect(service.call('w', 'dropTables', {})).rejects.toThrow('未知的操作“dropTables”');
    const browser = new BrowserHost(dir, 'test');
    try {
      browser.openFromCommandLine(makeDocument(path.join(dir, '表.jxmb')));
      await expect(browser.exportFile({ format: 'exe', layout: 'official' })).rejects.toThrow(
        '请求内容无效（format：导出格式应为 pdf、docx、xlsx、review-pdf 或 review-xlsx）',
      );
      await expect(browser.exportFile({ format: 'pdf', layout: 'nope' })).rejects.toThrow(
        '没有名为“nope”的打印格式',
      );
      // Browser mode's /host/exportDocument only checks: the page downloads the bytes.
      expect(await browser.call('exportDocument', { format: 'pdf', layout: 'official' })).toBe(
        null,
      );
    } finally {
      browser.close();
    }
  });
});

describe('file names', () => {
  it('the same default names for both hosts; fresh names count up', () => {
    expect(documentStem('  ', 2026)).toBe('未命名部门2026年绩效目标表');
    expect(safeFileName('a\u0007b/c')).toBe('a_b_c');
    expect(withExtension('x.Jxmb', '.jxmb')).toEqual({ file: 'x.Jxmb', confirmed: true });
    TargetDocument.create(path.join(dir, '某局2026年绩效目标表.jxmb'), {
      department: '某局',
      year: 2026,
    });
    const fresh = freshPath(documentStem('某局', 2026), '.jxmb', (n) => path.join(dir, n));
    expect(path.basename(fresh)).toBe('某局2026年绩效目标表（2）.jxmb');
  });
});
