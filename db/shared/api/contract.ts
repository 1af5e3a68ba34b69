import { z } from 'zod';
import type { Finding } from '../check/index.ts';
import type { YearReview } from '../year-review.ts';
import type { ErrorCode, LockHolder } from '../errors.ts';
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '../limits.ts';
import { MAX_PASTED_INDICATORS } from '../copying.ts';
import { MONEY_UNITS } from '../money.ts';
import type { DocumentChanges } from '../changes.ts';
import type { StructurePlan } from '../structure-values.ts';
import type { TreeChangePlan } from '../tree-change.ts';
import { treeSchema } from '../tree.ts';
import type { DocumentData } from '../types.ts';
import type { DocumentOperation } from './operations.ts';

/**
 * Payloads of every document operation, validated before anything touches the store, whichever
 * way they arrived (IPC or HTTP). Limits are generous for a clerk and tight for an attacker.
 * Amounts travel as decimal strings in the document's money unit, never as JSON numbers.
 */

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const index = z.number().int().min(0).max(1_000_000);
const name = z.string().max(MAX_NAME_LENGTH);
const longText = z.string().max(MAX_TEXT_LENGTH);
const amount = z.string().max(32);
const code = z.string().regex(/^\d{1,4}$/);
const empty = z.object({}).strict();
/** A built-in tree's id, or a tree (read by the page from a tree file). */
const treeRef = z.union([
  z.string().max(64),
  treeSchema.refine((t) => t.level1.reduce((n, l1) => n + 1 + l1.level2.length, 0) <= 1000, {
    message: '指标体系过大',
  }),
]);
/** 更换指标体系: from each second-level code the document uses to one of the target tree's. */
const treeMapping = z
  .record(code, code)
  .refine((m) => Object.keys(m).length <= 1000, { message: '对应关系过多' });
const shortText = z.string().max(100);
/** An indicator value: a sentence, or the cells of a structured one as typed. */
const indicatorValue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sentence'), text: longText }).strict(),
  z
    .object({
      kind: z.literal('structured'),
      operator: shortText,
      value: name,
      unit: shortText,
      source: longText.nullable().optional(),
    })
    .strict(),
]);

export const PAYLOADS = {
  getDocument: empty,
  getVersion: empty,
  checkDocument: empty,
  setDepartment: z.object({ department: name }).strict(),
  setYear: z.object({ year: z.number().int() }).strict(),
  setTitle: z.object({ title: name.nullable() }).strict(),
  setMoneyDisplay: z
    .object({ unit: z.enum(MONEY_UNITS), decimals: z.number().int().min(0).max(10) })
    .strict(),
  /** A layout's id (the host's listLayouts); the document refuses one it does not ship. */
  setPrintLayout: z.object({ layout: z.string().max(64) }).strict(),
  addUnit: z.object({ name, index: index.optional() }).strict(),
  renameUnit: z.object({ id, name }).strict(),
  moveUnit: z.object({ id, index }).strict(),
  deleteUnit: z.object({ id }).strict(),
  addProject: z.object({ unitId: id, index: index.optional(), name: name.optional() }).strict(),
  updateProject: z
    .object({
      id,
      name: name.optional(),
      fiscal: amount.optional(),
      specialAccount: amount.optional(),
      other: amount.optional(),
      goal: longText.optional(),
      overallGoal: longText.optional(),
      periodStart: shortText.nullable().optional(),
      periodEnd: shortText.nullable().optional(),
      continuity: shortText.nullable().optional(),
      recurrence: shortText.nullable().optional(),
      category: name.optional(),
      totalBudget: amount.nullable().optional(),
      carryOver: amount.optional(),
      noServiceRecipients: z.boolean().optional(),
    })
    .strict(),
  moveProject: z.object({ id, index, unitId: id.optional() }).strict(),
  deleteProject: z.object({ id }).strict(),
  addIndicator: z.object({ projectId: id, level2Code: code, index: index.optional() }).strict(),
  updateIndicator: z
    .object({
      id,
      name: name.optional(),
      cycleValue: longText.optional(),
      annualValue: longText.optional(),
      cycle: indicatorValue.optional(),
      annual: indicatorValue.optional(),
      annualFollowsCycle: z.boolean().optional(),
      weight: shortText.nullable().optional(),
      basis: z
        .object({ kind: shortText.nullable().optional(), text: longText.optional() })
        .strict()
        .optional(),
      explanation: longText.optional(),
      polarity: shortText.nullable().optional(),
      previous: longText.nullable().optional(),
    })
    .strict(),
  moveIndicator: z.object({ id, index }).strict(),
  setIndicatorCategory: z.object({ id, level2Code: code }).strict(),
  deleteIndicator: z.object({ id }).strict(),
  /** One project, or the whole document when projectId is absent. */
  structureValues: z.object({ projectId: id.optional() }).strict(),
  undo: empty,
  redo: empty,
  yearReview: empty,
  /**
   * 年份核对清单: replace last year by this year in the entries given (`keys`), or 顺延一年 — move
   * the years of one entry's sentence, one project or the whole document on by one year.
   */
  replaceYears: z.union([
    z
      .object({ keys: z.union([z.literal('all'), z.array(z.string().max(100)).max(10_000)]) })
      .strict(),
    z
      .object({
        mode: z.literal('shift'),
        scope: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('item'), key: z.string().max(100) }).strict(),
          z.object({ kind: z.literal('project'), projectId: id }).strict(),
          z.object({ kind: z.literal('document') }).strict(),
        ]),
      })
      .strict(),
  ]),
  /** 已核对 on one finding, by its rule and place (the host finds it by running the checks). */
  setFindingChecked: z
    .object({
      ruleId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/u),
      location: z
        .object({
          unitId: id.optional(),
          projectId: id.optional(),
          indicatorId: id.optional(),
          field: z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/u)
            .optional(),
        })
        .strict(),
      checked: z.boolean(),
    })
    .strict(),
  // Without a mapping, the preview uses the proposed one (see db/shared/tree-change.ts).
  previewTreeChange: z.object({ tree: treeRef, mapping: treeMapping.optional() }).strict(),
  changeTree: z.object({ tree: treeRef, mapping: treeMapping }).strict(),
  /** 粘贴项目: a copy of a project of this document (by id: the page sends no content). */
  copyProject: z.object({ id, toUnitId: id, index: index.optional() }).strict(),
  /** 粘贴绩效指标: copies of indicators of this document, in the order given. */
  copyIndicators: z
    .object({
      ids: z.array(id).min(1).max(MAX_PASTED_INDICATORS),
      toProjectId: id,
      index: index.optional(),
    })
    .strict(),
  /**
   * 从上年表格复制指标: indicators as last year's table holds them (read by the host, picked by
   * the clerk), each with its category's name so a tree where the code means another category
   * is refused.
   */
  pasteIndicators: z
    .object({
      projectId: id,
      indicators: z
        .array(
          z
            .object({
              level2Code: code,
              level2Name: name,
              name,
              cycle: indicatorValue,
              annual: indicatorValue,
              annualFollowsCycle: z.boolean(),
              weight: shortText.nullable(),
              basis: z.object({ kind: shortText.nullable(), text: longText }).strict(),
              explanation: longText,
              polarity: shortText.nullable(),
              previous: longText.nullable(),
            })
            .strict(),
        )
        .min(1)
        .max(MAX_PASTED_INDICATORS),
    })
    .strict(),
  /**
   * 查找和替换: the host finds the query again (db/shared/find.ts) and replaces it in every
   * field holding it, or only in the fields named by `keys` (FindHit.key); amounts never.
   */
  replaceText: z
    .object({
      find: name.min(1),
      replace: name,
      keys: z
        .array(z.string().regex(/^[upi]\d{1,16}:[A-Za-z]{1,32}$/u))
        .max(100_000)
        .optional(),
      options: z
        .object({ matchCase: z.boolean().optional(), wholeField: z.boolean().optional() })
        .strict()
        .optional(),
    })
    .strict(),
} satisfies Record<DocumentOperation, z.ZodType>;

/** An indicator pasted with its content (pasteIndicators). */
export type PastedIndicator = Payload<'pasteIndicators'>['indicators'][number];

export type Payload<Op extends DocumentOperation> = z.infer<(typeof PAYLOADS)[Op]>;

/**
 * Who is asking, beside the payload: one page (a browser tab) or one Electron window. Undo
 * history belongs to a client, and an edit made from an out-of-date view is refused.
 * Browser mode sends these as the headers WIRE.clientHeader / WIRE.baseVersionHeader; in
 * Electron the main process knows the window, and the page passes baseVersion as the second
 * argument of each document function.
 */
export interface CallMeta {
  /** A random id the page makes once per load (browser) or the window's id (Electron). */
  readonly client: string;
  /**
   * The document version the page last saw (DocumentState.version / the reply's `version`).
   * An edit whose baseVersion is not the current one is refused with code 'stale'. Absent:
   * not checked (the page is closing and sends what it has).
   */
  readonly baseVersion?: string;
}

export const callMetaSchema = z
  .object({
    client: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    baseVersion: z.string().max(80).optional(),
  })
  .strict();

/** Why a session cannot save, shown to the clerk in the window's title bar and status bar. */
export interface ReadOnlyState {
  /** e.g. 只读：“表.jxmb”已由 张三（电脑 PC-01）自 12月2日 15:30 起打开 */
  readonly reason: string;
  /** The program that holds the file, when that is why. */
  readonly holder?: LockHolder;
}

/** What undo and redo would do for one client: the labels of its next steps, if any. */
export interface HistoryState {
  readonly undo?: string;
  readonly redo?: string;
}

/** The document as the UI sees it after any operation. */
export interface DocumentState {
  readonly data: DocumentData;
  /** What undo and redo would do for the client that asked (each page has its own history). */
  readonly history: HistoryState;
  readonly fileName: string;
  readonly filePath: string;
  /**
   * The document's version: changes with every edit by anyone (and differs between two runs
   * of the program). Equal versions mean equal documents.
   */
  readonly version: string;
  /** null: editable. Otherwise every edit is refused (code 'readOnly'); export/另存为 work. */
  readonly readOnly: ReadOnlyState | null;
}

/** getVersion: the cheap question a page asks every few seconds (and the connection check). */
export interface VersionInfo {
  readonly version: string;
  readonly readOnly: ReadOnlyState | null;
  /** The undo/redo labels for the asking client, which another page's edit can change. */
  readonly history: HistoryState;
}

/**
 * What an edit, undo or redo changed, for a page that holds the document at version `from`
 * (the page applies it with applyChanges, db/shared/changes.ts; any other page fetches the
 * document again).
 */
export interface ChangeSet {
  /** The version the changes apply to. */
  readonly from: string;
  /** The version after them. */
  readonly version: string;
  /** What undo and redo would do now for the client that asked. */
  readonly history: HistoryState;
  readonly changes: DocumentChanges;
}

/**
 * What an edit returns: what changed (`change`), or, when a change set cannot describe it
 * (a file another tool changed meanwhile, values that could not be read), the whole new state;
 * and the id of what it created, if anything.
 */
export type EditResult = (
  | { readonly change: ChangeSet; readonly state?: undefined }
  | { readonly state: DocumentState; readonly change?: undefined }
) & {
  readonly id?: number;
  /** For undo/redo: what was undone or redone, or nothing when there was nothing. */
  readonly label?: string;
};

export type Result<Op extends DocumentOperation> = Op extends 'getDocument'
  ? DocumentState
  : Op extends 'getVersion'
    ? VersionInfo
    : Op extends 'checkDocument'
      ? Finding[]
      : Op extends 'yearReview'
        ? YearReview | null
        : Op extends 'previewTreeChange'
          ? TreeChangePlan
          : Op extends 'structureValues'
            ? StructureValuesResult
            : EditResult;

/** structureValues: the edit's result and what it converted and left (for the review list). */
export type StructureValuesResult = EditResult & { readonly plan: StructurePlan };

/** An error as it crosses to the UI: a Chinese message for the clerk, never a stack. */
export interface ApiError {
  readonly error: string;
  /** true: the user's input was refused; false: a fault of the program. */
  readonly userError: boolean;
  /** Set when the page must do more than show the message (see ErrorCode). */
  readonly code?: ErrorCode;
  /** code 'locked' / 'readOnly' / 'lockLost': who holds the file. */
  readonly lock?: LockHolder;
}

/**
 * The UI's view of the API: one named function per operation, as the preload exposes it. The
 * optional second argument is the version the page last saw (see CallMeta.baseVersion).
 */
export type DocumentApi = {
  [Op in DocumentOperation]: (
    payload: Payload<Op>,
    meta?: { readonly baseVersion?: string },
  ) => Promise<Result<Op>>;
};
