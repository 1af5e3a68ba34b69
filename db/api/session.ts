import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { checkDocument } from '../shared/check/index.ts';
import { LOCAL_CLIENT, TargetDocument } from '../document.ts';
import { resolveTree } from '../tree-change.ts';
import { mappingRows, planTreeChange, proposedMapping } from '../shared/tree-change.ts';
import { isUserError, UserError } from '../shared/errors.ts';
import { describeHolder, DocumentLock, lockHolder } from '../file-lock.ts';
import { parseAmount, type MoneyDisplay } from '../shared/money.ts';
import { replaceSourceYear, shiftYearsForward } from '../rollover/replace-year.ts';
import { reviewNextYear } from '../shared/year-review.ts';
import { setFindingChecked } from '../review-marks.ts';
import { replaceText } from '../replace-text.ts';
import {
  callMetaSchema,
  PAYLOADS,
  type ApiError,
  type CallMeta,
  type DocumentState,
  type EditResult,
  type Payload,
  type ReadOnlyState,
  type Result,
  type VersionInfo,
} from '../shared/api/contract.ts';
import { invalidRequest, parsePayload } from '../service/payload.ts';
import type { OpenMode } from '../shared/api/host-contract.ts';
import {
  isDocumentOperation,
  isQueryOperation,
  type DocumentOperation,
} from '../shared/api/operations.ts';

/**
 * One open document and the operations the UI may ask of it. Hosts (Electron IPC, the
 * browser-mode HTTP server) only move payloads: validation and every rule happen here, so they
 * are the same whichever way the UI reaches them.
 */
export class EditorSession {
  /** Tells this session's versions from another run's (a restarted server starts again at 1). */
  private readonly epoch = randomBytes(4).toString('hex');

  private constructor(
    readonly doc: TargetDocument,
    /** The lock held while editing; none when read-only. */
    private readonly lock: DocumentLock | undefined,
    readonly readOnly: ReadOnlyState | null,
  ) {}

  /**
   * Opens a document for a window or page. 'edit' (default) takes the document's lock and
   * fails (code 'locked', with the holder) when another program has it open; 'takeOver' replaces
   * a stale holder's lock; 'readOnly' takes no lock and refuses every edit.
   */
  static open(file: string, options: { mode?: OpenMode } = {}): EditorSession {
    const mode = options.mode ?? 'edit';
    if (mode === 'readOnly') {
      const holder = lockHolder(file);
      const doc = TargetDocument.open(file, { readonly: true });
      const reason = holder
        ? `只读：${describeHolder(file, holder)}`
        : '只读打开：不能修改，可以导出和另存为';
      return new EditorSession(doc, undefined, {
        reason,
        ...(holder && !holder.stale ? { holder } : {}),
      });
    }
    const lock = DocumentLock.acquire(file, { takeOver: mode === 'takeOver' });
    try {
      return new EditorSession(TargetDocument.open(file), lock, null);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  close(): void {
    this.doc.close();
    this.lock?.release();
  }

  /**
   * 另存为: writes a copy, closes this session and returns one on the copy, where the clerk
   * goes on working (as a word processor does), editable even when this one was read-only.
   * Undo history does not carry over.
   */
  saveAs(target: string, options: { overwrite?: boolean } = {}): EditorSession {
    if (this.lock === undefined || path.resolve(target) !== path.resolve(this.doc.filePath)) {
      // Refuse before writing when someone else has the target open.
      const holder = lockHolder(target);
      if (holder && !holder.stale) {
        throw new UserError(`不能保存到该文件：${describeHolder(target, holder)}`, {
          code: 'locked',
          lock: holder,
        });
      }
    }
    this.doc.saveCopyTo(target, options);
    this.close();
    return EditorSession.open(target, { mode: 'takeOver' });
  }

  /** Changes with every edit, undo and redo here, and with every commit by another connection. */
  get version(): string {
    return `${this.epoch}.${this.doc.revision}.${this.doc.externalChanges}`;
  }

  /**
   * Whether the document holds values that could not be read as they are (defects), as of the
   * last whole snapshot; undefined before the first. While it may, edits answer with the whole
   * state: a change set carries no way to retire a defect elsewhere in the document.
   */
  private hasDefects: boolean | undefined;

  state(client: string = LOCAL_CLIENT): DocumentState {
    const data = this.doc.snapshot();
    this.hasDefects = data.defects.length > 0;
    return {
      data,
      history: this.doc.actingAs(client, () => this.doc.historyState),
      filePath: this.doc.filePath,
      fileName: path.basename(this.doc.filePath),
      version: this.version,
      readOnly: this.readOnly,
    };
  }

  /** What undo and redo would do for `client` (the desktop menu: 撤销“…”). */
  historyFor(client: string) {
    return this.doc.actingAs(client, () => this.doc.historyState);
  }

  private versionInfo(client: string): VersionInfo {
    return {
      version: this.version,
      readOnly: this.readOnly,
      history: this.doc.actingAs(client, () => this.doc.historyState),
    };
  }

  /**
   * Runs an operation from the outside world. `name`, `payload` and `meta` are untrusted: an
   * unknown name, a payload that is not an object matching its schema, or a malformed meta is
   * refused before the store is touched. An edit is also refused when this session is read-only,
   * when another program took the document over, and when `meta.baseVersion` shows the page
   * has not seen the latest change (it must refresh first).
   */
  call(name: string, payload: unknown, meta?: unknown): Result<DocumentOperation> {
    if (!isDocumentOperation(name)) throw new UserError(`未知的操作“${name.slice(0, 40)}”`);
    const data = parsePayload(PAYLOADS[name], payload);
    const m = parseMeta(meta);
    if (!isQueryOperation(name)) {
      this.mayEdit(m);
      this.before = { version: this.version, externalChanges: this.doc.externalChanges };
      this.doc.forgetChanges();
    }
    return this.run(name, data, m.client);
  }

  /** The version before the edit running now, and whether another program had written. */
  private before = { version: '', externalChanges: 0 };

  private mayEdit(meta: CallMeta): void {
    if (this.readOnly) {
      throw new UserError(`${this.readOnly.reason}；本窗口为只读，修改未保存`, {
        code: 'readOnly',
        ...(this.readOnly.holder ? { lock: this.readOnly.holder } : {}),
      });
    }
    this.lock?.verify();
    if (meta.baseVersion !== undefined && meta.baseVersion !== this.version) {
      throw new UserError('文档已在其他窗口中修改，本页已刷新为最新内容；请确认后重新输入', {
        code: 'stale',
      });
    }
  }

  /** The client whose call is running (see run). */
  private client = LOCAL_CLIENT;

  /**
   * The answer to an edit: what it changed, read from the rows it touched. The whole state
   * instead when the page cannot patch its copy with that: another program wrote to the file
   * meanwhile, or the document holds (or the changed parts show) values that could not be read.
   */
  private edited(id?: number, label?: string): EditResult {
    const extra = {
      ...(id === undefined ? {} : { id }),
      ...(label === undefined ? {} : { label }),
    };
    const changes = this.doc.takeChanges();
    const whole =
      !changes ||
      this.hasDefects !== false ||
      changes.defects.length > 0 ||
      this.doc.externalChanges !== this.before.externalChanges;
    if (whole) return { state: this.state(this.client), ...extra };
    return {
      change: {
        from: this.before.version,
        version: this.version,
        history: this.historyFor(this.client),
        changes,
      },
      ...extra,
    };
  }

  /** One handler per operation, each typed by its own payload and result. */
  private readonly handlers: {
    [Op in DocumentOperation]: (p: Payload<Op>) => Result<Op>;
  } = {
    getDocument: () => this.state(this.client),
    getVersion: () => this.versionInfo(this.client),
    checkDocument: () => checkDocument(this.doc.snapshot()),
    setDepartment: (p) => this.edit(() => this.doc.setDepartment(p.department)),
    setYear: (p) => this.edit(() => this.doc.setYear(p.year)),
    setTitle: (p) => this.edit(() => this.doc.setTitle(p.title)),
    setMoneyDisplay: (p) => this.edit(() => this.doc.setMoneyDisplay(p)),
    setPrintLayout: (p) => this.edit(() => this.doc.setPrintLayout(p.layout)),
    addUnit: (p) => this.edited(this.doc.addUnit(p.name, p.index)),
    renameUnit: (p) => this.edit(() => this.doc.renameUnit(p.id, p.name)),
    moveUnit: (p) => this.edit(() => this.doc.moveUnit(p.id, p.index)),
    deleteUnit: (p) => this.edit(() => this.doc.deleteUnit(p.id)),
    addProject: (p) => this.edited(this.doc.addProject(p.unitId, { name: p.name ?? '' }, p.index)),
    updateProject: (p) =>
      this.edit(() => {
        // Typed in the document's unit, whatever it is when the edit arrives.
        const nonNegative = amountIn(this.doc.money);
        this.doc.updateProject(p.id, {
          ...(p.name === undefined ? {} : { name: p.name }),
          ...(p.goal === undefined ? {} : { goal: p.goal }),
          ...(p.fiscal === undefined ? {} : { fiscal: nonNegative(p.fiscal, '财政拨款') }),
          ...(p.specialAccount === undefined
            ? {}
            : { specialAccount: nonNegative(p.specialAccount, '财政专户拨款') }),
          ...(p.other === undefined ? {} : { other: nonNegative(p.other, '其他资金') }),
          ...(p.overallGoal === undefined ? {} : { overallGoal: p.overallGoal }),
          ...(p.periodStart === undefined ? {} : { periodStart: p.periodStart }),
          ...(p.periodEnd === undefined ? {} : { periodEnd: p.periodEnd }),
          ...(p.continuity === undefined ? {} : { continuity: p.continuity }),
          ...(p.recurrence === undefined ? {} : { recurrence: p.recurrence }),
          ...(p.category === undefined ? {} : { category: p.category }),
          ...(p.totalBudget === undefined
            ? {}
            : {
                totalBudget:
                  p.totalBudget === null || p.totalBudget.trim() === ''
                    ? null
                    : nonNegative(p.totalBudget, '项目资金总额'),
              }),
          ...(p.carryOver === undefined ? {} : { carryOver: nonNegative(p.carryOver, '上年结转') }),
          ...(p.noServiceRecipients === undefined
            ? {}
            : { noServiceRecipients: p.noServiceRecipients }),
        });
      }),
    moveProject: (p) => this.edit(() => this.doc.moveProject(p.id, p.index, p.unitId)),
    deleteProject: (p) => this.edit(() => this.doc.deleteProject(p.id)),
    addIndicator: (p) =>
      this.edited(this.doc.addIndicator(p.projectId, { level2Code: p.level2Code }, p.index)),
    updateIndicator: ({ id, ...fields }) => this.edit(() => this.doc.updateIndicator(id, fields)),
    moveIndicator: (p) => this.edit(() => this.doc.moveIndicator(p.id, p.index)),
    setIndicatorCategory: (p) => this.edit(() => this.doc.setIndicatorCategory(p.id, p.level2Code)),
    deleteIndicator: (p) => this.edit(() => this.doc.deleteIndicator(p.id)),
    structureValues: (p) => {
      const plan = this.doc.structureValues(p.projectId);
      return { ...this.edited(), plan };
    },
    // The review of a table made from last year's (null for a table made from scratch).
    yearReview: () => {
      const data = this.doc.snapshot();
      return data.previousYear === null ? null : reviewNextYear(data, data.previousYear);
    },
    replaceYears: (p) => {
      const previous = this.doc.snapshot().previousYear;
      if (previous === null)
        throw new UserError('本表不是由上年文件新建的，没有需要替换的上年年份');
      if ('mode' in p) shiftYearsForward(this.doc, p.scope);
      else replaceSourceYear(this.doc, previous, p.keys);
      return this.edited();
    },
    setFindingChecked: (p) => this.edit(() => setFindingChecked(this.doc, p)),
    previewTreeChange: (p) => {
      const data = this.doc.snapshot();
      const target = resolveTree(p.tree);
      return planTreeChange(data, target, p.mapping ?? proposedMapping(mappingRows(data, target)));
    },
    changeTree: (p) => this.edit(() => this.doc.changeTree(p.tree, p.mapping)),
    undo: () => this.edited(undefined, this.doc.undo()),
    redo: () => this.edited(undefined, this.doc.redo()),
    copyProject: (p) => this.edited(this.doc.copyProject(p.id, p.toUnitId, p.index)),
    copyIndicators: (p) => this.edited(this.doc.copyIndicators(p.ids, p.toProjectId, p.index)[0]),
    pasteIndicators: (p) =>
      this.edited(this.doc.pasteIndicators(p.projectId, p.indicators, '从上年表格复制指标')[0]),
    replaceText: (p) => this.edit(() => replaceText(this.doc, p)),
  };

  private edit(fn: () => void): EditResult {
    fn();
    return this.edited();
  }

  private run(
    name: DocumentOperation,
    payload: unknown,
    client: string,
  ): Result<DocumentOperation> {
    const handler = this.handlers[name] as (p: unknown) => Result<DocumentOperation>;
    const before = this.client;
    this.client = client;
    try {
      return this.doc.actingAs(client, () => handler(payload));
    } finally {
      this.client = before;
    }
  }
}

function parseMeta(meta: unknown): CallMeta {
  if (meta === undefined) return { client: LOCAL_CLIENT };
  const parsed = callMetaSchema.safeParse(meta);
  if (!parsed.success) throw invalidRequest('调用者信息');
  return parsed.data;
}

/** The editor never takes a negative amount (the check flags one that came from elsewhere). */
function amountIn(money: MoneyDisplay) {
  return (text: string, what: string) => {
    const c = parseAmount(text.trim() === '' ? '0' : text, what, money);
    if (c < 0) throw new UserError(`${what}不能为负数`);
    return c;
  };
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
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return '文档文件已被其他程序损坏，这次修改未能保存；请用“另存为”保存一份副本，或改用备份';
  }
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
  if (isUserError(e)) {
    return {
      error: e.message,
      userError: true,
      ...(e.code ? { code: e.code } : {}),
      ...(e.lock ? { lock: e.lock } : {}),
    };
  }
  const store = storeProblem(e);
  if (store) return { error: store, userError: true };
  return { error: '程序内部错误，操作未完成；请把日志发给开发者', userError: false };
}
