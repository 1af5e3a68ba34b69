import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { DocumentState } from '../../db/shared/api/contract.ts';
import type {
  HostInfo,
  HostOperation,
  NamedItem,
  OpenMode,
  RecentDocument,
} from '../../db/shared/api/host-contract.ts';
import { HOST_PAYLOADS } from '../../db/shared/api/host-payloads.ts';
import { EditorSession } from '../../db/api/session.ts';
import { TargetDocument } from '../../db/document.ts';
import { FILE_EXTENSION } from '../../db/document-file.ts';
import { writeDraft } from '../../db/import/index.ts';
import { loadSource, nextYearDraft } from '../../db/rollover/index.ts';
import { UserError } from '../../db/shared/errors.ts';
import { builtInTrees } from '../../db/built-in-trees.ts';
import { LAYOUTS, layoutById } from '../../templates/layout/index.ts';
import { confinedPath, realFolder, realPathOf } from './confine.ts';
import { renderIsolated } from './render-isolated.ts';

/**
 * The host side of browser mode: the one document this server has open, and the host
 * operations that Electron does with native dialogs, done here with typed paths and downloads.
 * Every path a page sends is confined to the folder the server was started in (see confine.ts).
 * The open document is locked like in the desktop program (db/file-lock.ts): a page asking for
 * a document another program holds gets code 'locked' and the holder, and may ask again 只读 or
 * (for a stale holder) 接管.
 */

type BrowserHostOperation = HostOperation;
const PAYLOADS = HOST_PAYLOADS;

export class BrowserHost {
  private session: EditorSession | undefined;
  private readonly recent: RecentDocument[] = [];

  /** The real path of the folder the server works in. */
  readonly workDir: string;

  constructor(
    workDir: string,
    private readonly version: string,
  ) {
    this.workDir = realFolder(workDir);
  }

  get current(): EditorSession | undefined {
    return this.session;
  }

  /**
   * Opens the document given on the command line (relative to the working folder, but not
   * confined to it: the clerk typed it). Throws code 'locked' as openDocument does.
   */
  openFromCommandLine(file: string, mode: OpenMode = 'edit'): DocumentState {
    return this.openReal(realPathOf(this.workDir, file), mode);
  }

  /**
   * Opening the document this server already has open returns it as it is (it holds the lock
   * already), unless a read-only session is asked to become editable.
   */
  private openReal(file: string, mode: OpenMode, client?: string): DocumentState {
    const current = this.session;
    if (current && current.doc.filePath === file && (!current.readOnly || mode === 'readOnly')) {
      return current.state(client);
    }
    // Open (and lock) the new one before closing the current one: a refusal leaves the page
    // where it was.
    const next = EditorSession.open(file, { mode });
    this.replace(next);
    return next.state(client);
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

  /** A path from the page, as the real path it leads to inside the working folder. */
  private resolve(file: string): string {
    return confinedPath(this.workDir, file);
  }

  private require(): EditorSession {
    if (!this.session) throw new UserError('没有打开的文档：请先新建或打开一个文档');
    return this.session;
  }

  private readonly handlers: {
    [Op in BrowserHostOperation]: (p: z.infer<(typeof PAYLOADS)[Op]>, client?: string) => unknown;
  } = {
    hostInfo: () =>
      ({ mode: 'browser', version: this.version, workDir: this.workDir }) satisfies HostInfo,
    listTrees: () => builtInTrees().map((t) => ({ id: t.id, name: t.name })) satisfies NamedItem[],
    listLayouts: () => LAYOUTS.map((l) => ({ id: l.id, name: l.name })) satisfies NamedItem[],
    currentDocument: (_, client) => this.session?.state(client) ?? null,
    recentDocuments: () => this.recent.filter((r) => existsSync(r.path)),
    newDocument: ({ department, year, tree, path: given }, client) => {
      const file = given ? this.resolve(withExtension(given)) : this.freshName(department, year);
      TargetDocument.createAndOpen(file, { department, year, tree }).close();
      return this.openReal(file, 'edit', client);
    },
    newFromPrevious: async ({ source, year, keepAmounts, path: given }, client) => {
      if (!source) throw new UserError('请输入上年文件的路径（文档、公开表格文字或 PDF）');
      // Both paths are checked before the (possibly long) reading of the source.
      const sourceFile = this.resolve(source);
      const target = given ? this.resolve(withExtension(given)) : undefined;
      const loaded = await loadSource(sourceFile);
      const draft = nextYearDraft(loaded.draft, {
        ...(year === undefined ? {} : { year }),
        keepAmounts,
      });
      const file = target ?? this.freshName(draft.department, draft.year);
      writeDraft(draft, file);
      return this.openReal(file, 'edit', client);
    },
    openDocument: ({ path: file, mode }, client) => {
      if (!file) throw new UserError('请输入要打开的文档路径');
      const real = realPathOf(this.workDir, file);
      // The document already open may lie outside the folder (given on the command line).
      if (this.session?.doc.filePath !== real) this.resolve(file);
      return this.openReal(real, mode ?? 'edit', client);
    },
    saveAs: ({ path: file }, client) => {
      if (!file) throw new UserError('请输入另存为的文件路径');
      const next = this.require().saveAs(this.resolve(withExtension(file)));
      this.session = undefined; // saveAs closed it
      this.replace(next);
      return next.state(client);
    },
    // The page downloads the file itself (GET /download/export); these only check the layout.
    exportDocument: ({ layout }) => (layoutById(layout), null),
    printPreview: ({ layout }) => (layoutById(layout), null),
  };

  /** Runs a host operation for `client` (the page; its undo history is in the states returned). */
  async call(name: string, payload: unknown, client?: string): Promise<unknown> {
    if (!Object.hasOwn(PAYLOADS, name)) throw new UserError(`未知的操作“${name.slice(0, 40)}”`);
    const op = name as BrowserHostOperation;
    const parsed = PAYLOADS[op].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`请求内容无效（${issue?.path.join('.') || '整体'}：${issue?.message}）`);
    }
    return await (this.handlers[op] as (p: unknown, c?: string) => unknown)(parsed.data, client);
  }

  /** Renders the open document for a download. */
  async render(
    format: 'pdf' | 'docx',
    layoutId: string,
  ): Promise<{ bytes: Uint8Array; name: string }> {
    const session = this.require();
    const layout = layoutById(layoutId);
    const bytes = await renderIsolated({
      data: session.doc.snapshot(),
      layoutId: layout.id,
      format,
    });
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
