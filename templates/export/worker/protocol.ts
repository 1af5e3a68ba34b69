import type { ExportFormat } from '../../../db/shared/api/host-contract.ts';
import type { DocumentData } from '../../../db/shared/types.ts';

/**
 * The messages between ExportRenderer (renderer.ts, on the caller's thread) and the export
 * worker (export-worker.ts). Plain data only: they cross threads by structured clone, the
 * rendered bytes by transfer.
 */

export type { ExportFormat };

/**
 * What to render: the document as the caller has it now, a layout, a format. A workbook (xlsx)
 * is in the shape that goes with the layout (templates/export/xlsx xlsxShapeForLayout). The
 * 审核清单 (review-pdf, review-xlsx) prints no layout and ignores it.
 */
export interface ExportJob {
  readonly data: DocumentData;
  readonly layoutId: string;
  readonly format: ExportFormat;
}

/**
 * How far an export is. `layout`: the printed table's rows laid out and drawn (`done` of
 * `total`; each row counts twice, once when its text is wrapped and once when it is drawn);
 * `package`: the file is being assembled (fonts subset, Word's XML zipped), no count.
 */
export interface ExportProgress {
  readonly stage: 'layout' | 'package';
  readonly done: number;
  readonly total: number;
}

/** What an export cost in the worker, for measurements (npm run bench). */
export interface ExportStats {
  /** From the worker taking the job to the file's bytes. */
  readonly renderMs: number;
  /**
   * CPU time of the worker's thread meanwhile: unlike wall time, not stretched by other
   * programs busy on the machine. Undefined where Node cannot tell (before 22.19).
   */
  readonly cpuMs: number | undefined;
  /**
   * Font faces the export loaded from disk (pdf-fonts.ts facesLoadedSoFar): some for the
   * worker's first PDF, none for a later one, which finds them parsed.
   */
  readonly facesLoaded: number;
}

export interface RenderRequest extends ExportJob {
  readonly id: number;
}

export type WorkerMessage =
  | { readonly id: number; readonly kind: 'progress'; readonly progress: ExportProgress }
  | {
      readonly id: number;
      readonly kind: 'done';
      readonly bytes: Uint8Array;
      readonly stats: ExportStats;
    }
  | { readonly id: number; readonly kind: 'userError'; readonly message: string }
  | { readonly id: number; readonly kind: 'internal'; readonly message: string };
