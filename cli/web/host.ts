import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { DocumentState } from '../../db/api/contract.ts';
import type {
  HostInfo,
  HostOperation,
  NamedItem,
  RecentDocument,
} from '../../db/api/host-contract.ts';
import { HOST_PAYLOADS } from '../../db/api/host-payloads.ts';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { FILE_EXTENSION } from '../../db/document-file.ts';
import { writeDraft } from '../../db/import/index.ts';
import { loadSource, nextYearDraft } from '../../db/rollover/index.ts';
import { UserError } from '../../db/errors.ts';
import { builtInTrees } from '../../db/tree.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import { LAYOUTS, layoutById } from '../../templates/layout/index.ts';

/**
 * The host side of browser mode: the one document this server has open, and the host
 * operations that Electron does with native dialogs, done here with typed paths (relative to
 * the folder the server was started in) and downloads.
 */

type BrowserHostOperation = HostOperation;
const PAYLOADS = HOST_PAYLOADS;

export class BrowserHost {
  private session: EditorSession | undefined;
  private readonly recent: RecentDocument[] = [];

  constructor(
    readonly workDir: string,
    private readonly version: string,
  ) {}

  get current(): EditorSession | undefined {
    return this.session;
  }

  open(file: string): DocumentState {
    const resolved = this.resolve(file);
    const next = EditorSession.open(resolved);
    this.replace(next);
    return next.state();
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }

  private replace(next: EditorSession): void {
    if (this.session !== next) this.session?.close();
    this.session = next;
    const file = next.doc.filePath;
    const at = this.recent.findIndex((r) => r.path === file);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.unshift({ path: file, name: path.basename(file) });
    this.recent.length = Math.min(this.recent.length, 10);
  }

  private resolve(file: string): string {
    return path.resolve(this.workDir, file);
  }

  private require(): EditorSession {
    if (!this.session) throw new UserError('没有打开的文档：请先新建或打开一个文档');
    return this.session;
  }

  private readonly handlers: {
    [Op in BrowserHostOperation]: (p: z.infer<(typeof PAYLOADS)[Op]>) => unknown;
  } = {
    hostInfo: () =>
      ({ mode: 'browser', version: this.version, workDir: this.workDir }) satisfies HostInfo,
    listTrees: () => builtInTrees().map((t) => ({ id: t.id, name: t.name })) satisfies NamedItem[],
    listLayouts: () => LAYOUTS.map((l) => ({ id: l.id, name: l.name })) satisfies NamedItem[],
    currentDocument: () => this.session?.state() ?? null,
    recentDocuments: () => this.recent.filter((r) => existsSync(r.path)),
    newDocument: ({ department, year, tree, path: given }) => {
      const file = given ? this.resolve(withExtension(given)) : this.freshName(department, year);
      TargetDocument.createAndOpen(file, { department, year, tree }).close();
      return this.open(file);
    },
    newFromPrevious: async ({ source, year, keepAmounts, path: given }) => {
      if (!source) throw new UserError('请输入上年文件的路径（文档、公开表格文字或 PDF）');
      const loaded = await loadSource(this.resolve(source));
      const draft = nextYearDraft(loaded.draft, {
        ...(year === undefined ? {} : { year }),
        keepAmounts,
      });
      const file = given
        ? this.resolve(withExtension(given))
        : this.freshName(draft.department, draft.year);
      writeDraft(draft, file);
      return this.open(file);
    },
    openDocument: ({ path: file }) => {
      if (!file) throw new UserError('请输入要打开的文档路径');
      return this.open(file);
    },
    saveAs: ({ path: file }) => {
      if (!file) throw new UserError('请输入另存为的文件路径');
      const next = this.require().saveAs(this.resolve(withExtension(file)));
      this.session = undefined; // saveAs closed it
      this.replace(next);
      return next.state();
    },
    // The page downloads the file itself (GET /download/export); these only check the layout.
    exportDocument: ({ layout }) => (layoutById(layout), null),
    printPreview: ({ layout }) => (layoutById(layout), null),
  };

  call(name: string, payload: unknown): unknown | Promise<unknown> {
    if (!Object.hasOwn(PAYLOADS, name)) throw new UserError(`未知的操作“${name.slice(0, 40)}”`);
    const op = name as BrowserHostOperation;
    const parsed = PAYLOADS[op].safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`请求内容无效（${issue?.path.join('.') || '整体'}：${issue?.message}）`);
    }
    return (this.handlers[op] as (p: unknown) => unknown)(parsed.data);
  }

  /** Renders the open document for a download. */
  async render(
    format: 'pdf' | 'docx',
    layoutId: string,
  ): Promise<{ bytes: Uint8Array; name: string }> {
    const session = this.require();
    const layout = layoutById(layoutId);
    const data = session.doc.snapshot();
    const model = buildPrintModel(data, layout);
    const bytes = format === 'pdf' ? (await renderPdf(model)).bytes : await renderDocx(model);
    const stem = path.basename(session.doc.filePath, FILE_EXTENSION);
    return { bytes, name: `${stem}${layout.id === 'official' ? '' : `-${layout.name}`}.${format}` };
  }

  private freshName(department: string, year: number): string {
    const stem = `${department.trim() || '未命名部门'}${year}年绩效目标表`.replace(
      /[\\/:*?"<>|]/g,
      '_',
    );
    for (let i = 1; ; i++) {
      const file = this.resolve(`${stem}${i === 1 ? '' : `（${i}）`}${FILE_EXTENSION}`);
      if (!existsSync(file)) return file;
    }
  }
}

function withExtension(file: string): string {
  return file.endsWith(FILE_EXTENSION) ? file : `${file}${FILE_EXTENSION}`;
}
