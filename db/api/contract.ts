import { z } from 'zod';
import type { Finding } from '../check/index.ts';
import type { HistoryState } from '../history.ts';
import type { YearReview } from '../rollover/year-review.ts';
import type { DocumentData } from '../types.ts';
import type { DocumentOperation } from './operations.ts';

/**
 * Payloads of every document operation, validated before anything touches the store, whichever
 * way they arrived (IPC or HTTP). Limits are generous for a clerk and tight for an attacker.
 * Amounts travel as decimal strings (万元, at most two decimals), never as JSON numbers.
 */

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const index = z.number().int().min(0).max(1_000_000);
const name = z.string().max(500);
const longText = z.string().max(20_000);
const amount = z.string().max(32);
const code = z.string().regex(/^\d{1,4}$/);
const empty = z.object({}).strict();

export const PAYLOADS = {
  getDocument: empty,
  checkDocument: empty,
  setDepartment: z.object({ department: name }).strict(),
  setYear: z.object({ year: z.number().int() }).strict(),
  setTitle: z.object({ title: name.nullable() }).strict(),
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
      annualFollowsCycle: z.boolean().optional(),
    })
    .strict(),
  moveIndicator: z.object({ id, index }).strict(),
  setIndicatorCategory: z.object({ id, level2Code: code }).strict(),
  deleteIndicator: z.object({ id }).strict(),
  undo: empty,
  redo: empty,
  yearReview: empty,
  replaceYears: z
    .object({ keys: z.union([z.literal('all'), z.array(z.string().max(100)).max(10_000)]) })
    .strict(),
} satisfies Record<DocumentOperation, z.ZodType>;

export type Payload<Op extends DocumentOperation> = z.infer<(typeof PAYLOADS)[Op]>;

/** The document as the UI sees it after any operation. */
export interface DocumentState {
  readonly data: DocumentData;
  readonly history: HistoryState;
  readonly fileName: string;
  readonly filePath: string;
}

/** What an edit returns: the new state, and the id of what it created, if anything. */
export interface EditResult {
  readonly state: DocumentState;
  readonly id?: number;
  /** For undo/redo: what was undone or redone, or nothing when there was nothing. */
  readonly label?: string;
}

export type Result<Op extends DocumentOperation> = Op extends 'getDocument'
  ? DocumentState
  : Op extends 'checkDocument'
    ? Finding[]
    : Op extends 'yearReview'
      ? YearReview | null
      : EditResult;

/** An error as it crosses to the UI: a Chinese message for the clerk, never a stack. */
export interface ApiError {
  readonly error: string;
  /** true: the user's input was refused; false: a fault of the program. */
  readonly userError: boolean;
}

/** The UI's view of the API: one named function per operation, as the preload exposes it. */
export type DocumentApi = {
  [Op in DocumentOperation]: (payload: Payload<Op>) => Promise<Result<Op>>;
};
