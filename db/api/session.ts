import path from 'node:path';
import { checkDocument } from '../check/index.ts';
import { TargetDocument } from '../document.ts';
import { isUserError, UserError } from '../errors.ts';
import { parseAmount } from '../money.ts';
import { replaceSourceYear, reviewNextYear } from '../rollover/year-review.ts';
import {
  PAYLOADS,
  type ApiError,
  type DocumentState,
  type EditResult,
  type Payload,
  type Result,
} from './contract.ts';
import { isDocumentOperation, type DocumentOperation } from './operations.ts';

/**
 * One open document and the operations the UI may ask of it. Hosts (Electron IPC, the
 * browser-mode HTTP server) only move payloads: validation and every rule happen here, so they
 * are the same whichever way the UI reaches them.
 */
export class EditorSession {
  private constructor(readonly doc: TargetDocument) {}

  static open(file: string): EditorSession {
    return new EditorSession(TargetDocument.open(file));
  }

  close(): void {
    this.doc.close();
  }

  /**
   * 另存为: writes a copy, closes this session and returns one on the copy, where the clerk
   * goes on working (as a word processor does). Undo history does not carry over.
   */
  saveAs(target: string, options: { overwrite?: boolean } = {}): EditorSession {
    this.doc.saveCopyTo(target, options);
    this.close();
    return EditorSession.open(target);
  }

  state(): DocumentState {
    return {
      data: this.doc.snapshot(),
      history: this.doc.historyState,
      filePath: this.doc.filePath,
      fileName: path.basename(this.doc.filePath),
    };
  }

  /**
   * Runs an operation from the outside world. `name` and `payload` are untrusted: an unknown
   * name or a payload that does not match its schema is refused before the store is touched.
   */
  call(name: string, payload: unknown): Result<DocumentOperation> {
    if (!isDocumentOperation(name)) throw new UserError(`未知的操作“${name.slice(0, 40)}”`);
    const parsed = PAYLOADS[name].safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`请求内容无效（${issue?.path.join('.') || '整体'}：${issue?.message}）`);
    }
    return this.run(name, parsed.data);
  }

  private edited(id?: number, label?: string): EditResult {
    return {
      state: this.state(),
      ...(id === undefined ? {} : { id }),
      ...(label === undefined ? {} : { label }),
    };
  }

  /** One handler per operation, each typed by its own payload and result. */
  private readonly handlers: {
    [Op in DocumentOperation]: (p: Payload<Op>) => Result<Op>;
  } = {
    getDocument: () => this.state(),
    checkDocument: () => checkDocument(this.doc.snapshot()),
    setDepartment: (p) => this.edit(() => this.doc.setDepartment(p.department)),
    setYear: (p) => this.edit(() => this.doc.setYear(p.year)),
    setTitle: (p) => this.edit(() => this.doc.setTitle(p.title)),
    addUnit: (p) => this.edited(this.doc.addUnit(p.name, p.index)),
    renameUnit: (p) => this.edit(() => this.doc.renameUnit(p.id, p.name)),
    moveUnit: (p) => this.edit(() => this.doc.moveUnit(p.id, p.index)),
    deleteUnit: (p) => this.edit(() => this.doc.deleteUnit(p.id)),
    addProject: (p) => this.edited(this.doc.addProject(p.unitId, { name: p.name ?? '' }, p.index)),
    updateProject: (p) =>
      this.edit(() =>
        this.doc.updateProject(p.id, {
          ...(p.name === undefined ? {} : { name: p.name }),
          ...(p.goal === undefined ? {} : { goal: p.goal }),
          ...(p.fiscal === undefined ? {} : { fiscal: nonNegative(p.fiscal, '财政拨款') }),
          ...(p.specialAccount === undefined
            ? {}
            : { specialAccount: nonNegative(p.specialAccount, '财政专户拨款') }),
          ...(p.other === undefined ? {} : { other: nonNegative(p.other, '其他资金') }),
        }),
      ),
    moveProject: (p) => this.edit(() => this.doc.moveProject(p.id, p.index, p.unitId)),
    deleteProject: (p) => this.edit(() => this.doc.deleteProject(p.id)),
    addIndicator: (p) =>
      this.edited(this.doc.addIndicator(p.projectId, { level2Code: p.level2Code }, p.index)),
    updateIndicator: ({ id, ...fields }) => this.edit(() => this.doc.updateIndicator(id, fields)),
    moveIndicator: (p) => this.edit(() => this.doc.moveIndicator(p.id, p.index)),
    setIndicatorCategory: (p) => this.edit(() => this.doc.setIndicatorCategory(p.id, p.level2Code)),
    deleteIndicator: (p) => this.edit(() => this.doc.deleteIndicator(p.id)),
    // The review of a table made from last year's (null for a table made from scratch).
    yearReview: () => {
      const data = this.doc.snapshot();
      return data.previousYear === null ? null : reviewNextYear(data, data.previousYear);
    },
    replaceYears: ({ keys }) => {
      const previous = this.doc.snapshot().previousYear;
      if (previous === null)
        throw new UserError('本表不是由上年文件新建的，没有需要替换的上年年份');
      replaceSourceYear(this.doc, previous, keys);
      return this.edited();
    },
    undo: () => this.edited(undefined, this.doc.undo()),
    redo: () => this.edited(undefined, this.doc.redo()),
  };

  private edit(fn: () => void): EditResult {
    fn();
    return this.edited();
  }

  private run(name: DocumentOperation, payload: unknown): Result<DocumentOperation> {
    return (this.handlers[name] as (p: unknown) => Result<DocumentOperation>)(payload);
  }
}

/** The editor never takes a negative amount (the check flags one that came from elsewhere). */
function nonNegative(text: string, what: string) {
  const c = parseAmount(text.trim() === '' ? '0' : text, what);
  if (c < 0) throw new UserError(`${what}不能为负数`);
  return c;
}

/**
 * What the file system or another program did to an open document, in words a clerk can act on.
 * The edit was not made (its transaction rolled back); everything before it is saved.
 */
function storeProblem(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_READONLY_DBMOVED') {
    return '文档文件已被移动、改名或删除，这次修改未能保存；请用“另存为”保存一份副本后继续';
  }
  if (code === 'SQLITE_FULL') return '磁盘已满，这次修改未能保存；请腾出空间后重试';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return '文档正被其他程序使用，这次修改未能保存；请关闭其他程序后重试';
  }
  if (code.startsWith('SQLITE_READONLY'))
    return '文档文件是只读的，这次修改未能保存；请用“另存为”保存一份副本';
  if (code.startsWith('SQLITE_IOERR'))
    return '读写文档文件时出错，这次修改未能保存；请检查磁盘或网络盘后重试';
  return undefined;
}

/** Turns anything thrown by an operation into what may cross to the UI. */
export function toApiError(e: unknown): ApiError {
  if (isUserError(e)) return { error: e.message, userError: true };
  const store = storeProblem(e);
  if (store) return { error: store, userError: true };
  return { error: '程序内部错误，操作未完成；请把日志发给开发者', userError: false };
}
