import type { MoneyDisplay, MoneyUnit } from '../money.ts';
import type { ErrorCode, LockHolder } from '../errors.ts';
import type { DocumentState } from './contract.ts';
import type { IndicatorSuggestion } from '../suggestions.ts';
import type { PreviousYearTable } from './previous-indicators.ts';

/**
 * What the UI asks of its host beyond the open document: files, dialogs, export, print.
 * Electron implements these in the main process with native dialogs; browser mode on its
 * loopback server, where there are no native dialogs (paths are typed, downloads replace
 * save dialogs). The renderer sees one object: DocumentApi & HostApi.
 */

export const HOST_OPERATIONS = [
  'hostInfo',
  'listTrees',
  'listLayouts',
  'currentDocument',
  'newDocument',
  'newFromPrevious',
  'openDocument',
  'importProgress',
  'cancelImport',
  'recentDocuments',
  'saveAs',
  'exportDocument',
  'printPreview',
  'exportProgress',
  'suggestIndicators',
  'rememberIndicators',
  'addCommonIndicator',
  'clearIndicatorMemory',
  'previousYearTable',
] as const;

export type HostOperation = (typeof HOST_OPERATIONS)[number];

export interface HostInfo {
  readonly mode: 'electron' | 'browser';
  readonly version: string;
  /** Browser mode: the folder where new documents are created and relative paths resolve. */
  readonly workDir?: string;
}

export interface NamedItem {
  readonly id: string;
  readonly name: string;
}

export interface RecentDocument {
  readonly path: string;
  readonly name: string;
}

/**
 * 导出 PDF / Word / Excel (a workbook in the shape that goes with the layout), and 导出审核清单:
 * the checks' findings as a list, as PDF (`review-pdf`) or Excel (`review-xlsx`).
 */
export const EXPORT_FORMAT_IDS = ['pdf', 'docx', 'xlsx', 'review-pdf', 'review-xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMAT_IDS)[number];

/** The formats of 导出审核清单, which print no layout (an export's `layout` is not used). */
export const REVIEW_LIST_FORMATS = ['review-pdf', 'review-xlsx'] as const;
export type ReviewListFormat = (typeof REVIEW_LIST_FORMATS)[number];

export function isReviewListFormat(format: ExportFormat): format is ReviewListFormat {
  return (REVIEW_LIST_FORMATS as readonly string[]).includes(format);
}

/** The extension of an exported file (no dot): a review list's is its file type's. */
export function exportExtension(format: ExportFormat): 'pdf' | 'docx' | 'xlsx' {
  return format === 'review-pdf' ? 'pdf' : format === 'review-xlsx' ? 'xlsx' : format;
}

/**
 * What the reader of a table (last year's, or one opened with 打开) inferred (`info`: 成本指标 as
 * first level → the 财预〔2021〕101号 tree, 分值 read as 权重…) or asks the clerk to check
 * (`warning`: a table cut off, a department name taken from the title…), as the command line
 * prints them.
 */
export interface SourceNote {
  readonly severity: 'info' | 'warning';
  /** `第 18 行`, `第 2 页` for a PDF, `工作表“年度指标”第 5 行 C 列` for a workbook. */
  readonly where: string;
  readonly message: string;
}

/** 由上年文件新建's answer: the new document, and the notes of reading a text or PDF source. */
export type NewFromPreviousState = DocumentState & { readonly notes: readonly SourceNote[] };

/**
 * 打开's answer: the document; when the file opened was a table (a workbook, CSV, PDF or text
 * in a layout `import` reads), the new document it was imported into, with the notes of reading
 * it and the table's name (the table itself is only read).
 */
export type OpenedState = DocumentState & { readonly imported?: ImportedTable };

/** The table a document was just made from, and what reading it noted. */
export interface ImportedTable {
  /** The table's file name, without its folder. */
  readonly source: string;
  readonly notes: readonly SourceNote[];
  /** Made by 由上年文件新建 (its page opens the 年份核对清单 too); else by 打开 of a table. */
  readonly nextYear?: boolean;
}

/** A table being read for this page (打开 of a table, 由上年文件新建), while it is read. */
export interface ImportProgress {
  /** The file's name, without its folder. */
  readonly name: string;
  /** Seconds since the reading started. */
  readonly seconds: number;
}

/** How to open a document another program may hold (see HostApi.openDocument). */
export const OPEN_MODES = ['edit', 'readOnly', 'takeOver'] as const;
export type OpenMode = (typeof OPEN_MODES)[number];

export interface HostApi {
  hostInfo(): Promise<HostInfo>;
  /** The built-in category trees a new document can use. */
  listTrees(): Promise<NamedItem[]>;
  /** The print layouts, the default first. */
  listLayouts(): Promise<NamedItem[]>;
  /**
   * The document this window has open, or null (start page). A document just made from a table
   * by another window's 打开 or 由上年文件新建 (Electron shows it in a window of its own) comes,
   * the first time, with what reading the table noted.
   */
  currentDocument(): Promise<OpenedState | null>;
  /** Creates and opens a new document. Electron asks where to save it; null when cancelled. */
  newDocument(p: {
    department: string;
    year: number;
    tree: string;
    /** 金额单位 and 小数位数; 万元 with 2 decimals when not given. */
    money?: MoneyDisplay;
    path?: string;
  }): Promise<DocumentState | null>;
  /**
   * 由上年文件新建: next year's table from last year's document, published text or published PDF
   * (the source is only read). Electron asks for the source and where to save when not given.
   * The new document opens; its year review is then `yearReview()`.
   */
  newFromPrevious(p: {
    source?: string;
    year?: number;
    keepAmounts: boolean;
    path?: string;
    /** 金额单位 of a source table that does not state it (refused when it states another). */
    unit?: MoneyUnit;
  }): Promise<NewFromPreviousState | null>;
  /**
   * Opens a document: Electron shows the open dialog when no path is given.
   * mode 'edit' (default) fails with code 'locked' (and the holder) when another program has the
   * file open; the page then offers 'readOnly' (只读打开), 另存副本 (readOnly, then saveAs), or,
   * when the holder is stale, 'takeOver' (接管, after the clerk confirms).
   * A file that is not a document but a table (told by its bytes) is imported into a new
   * document, which opens: saved where the clerk says (Electron's save dialog beside the table;
   * browser mode `target`, else a fresh `<table's name>.jxmb` in its folder), never over a file.
   * `unit`: the 金额单位 of a table that does not state it (Electron asks when it is missing).
   */
  openDocument(p: {
    path?: string;
    mode?: OpenMode;
    unit?: MoneyUnit;
    target?: string;
  }): Promise<OpenedState | null>;
  /** The table being read for this page (打开 of a table, 由上年文件新建); null when none. */
  importProgress(p: Record<string, never>): Promise<ImportProgress | null>;
  /**
   * Stops waiting for that table: the 打开 or 由上年文件新建 it belongs to answers null and writes
   * nothing. True when there was one.
   */
  cancelImport(p: Record<string, never>): Promise<boolean>;
  recentDocuments(): Promise<RecentDocument[]>;
  /** Writes a copy under a new name and continues in the copy. */
  saveAs(p: { path?: string }): Promise<DocumentState | null>;
  /**
   * Electron: save dialog then write; browser: a download. Returns the name written, or null.
   * `layout`: a layout's id; absent, the one the document remembers (DocumentData.printLayout).
   * An Excel workbook is the one-row-per-indicator import table for the per-row layout, the
   * official table for every other. `review-pdf`/`review-xlsx`: the 审核清单 (no layout), named
   * `<文件名>-审核清单.pdf/.xlsx`.
   */
  exportDocument(p: { format: ExportFormat; layout?: string }): Promise<{ name: string } | null>;
  /** Shows the PDF of the layout before printing (Electron: a preview window; browser: a tab). */
  printPreview(p: { layout?: string }): Promise<void>;
  /**
   * How far the export or preview of this page's document is (0…1), asked while the export
   * call is on its way; null when none is rendering (not started, or done).
   */
  exportProgress(p: Record<string, never>): Promise<{ fraction: number } | null>;
  // ---- suggestions ----
  /**
   * Suggestions for the 三级指标 name typed (`text`) in a row of category `level2Code` of the
   * open document: from the documents opened before on this computer, the clerk's 常用指标 and
   * the built-in list (the page ranks the open document itself; see db/shared/suggestions.ts).
   */
  suggestIndicators(p: {
    level2Code: string;
    text: string;
    limit?: number;
  }): Promise<IndicatorSuggestion[]>;
  /** Remembers the open document's indicators now (the host also does when one opens). */
  rememberIndicators(p: Record<string, never>): Promise<{ remembered: number }>;
  /** 加为常用指标: the indicator `id` of the open document, as it is now. */
  addCommonIndicator(p: { id: number }): Promise<{ name: string }>;
  /** 清除记住的指标: forgets every remembered document and every 常用指标 added. */
  clearIndicatorMemory(
    p: Record<string, never>,
  ): Promise<{ documents: number; indicators: number }>;
  /**
   * 从上年表格复制指标: last year's file of a table made from it (Electron asks for it when no
   * path is given), read for the page to pick indicators from; null when cancelled.
   */
  previousYearTable(p: { source?: string; unit?: MoneyUnit }): Promise<PreviousYearTable | null>;
}

/**
 * The browser-mode wire protocol, shared by the server (cli/web) and the renderer's HTTP client.
 * Every request carries `Authorization: Bearer <token>`; the token is the per-run secret the
 * server prints in its URL and writes into the page it serves as <meta name="jxmb-token">.
 */
export const WIRE = {
  documentPath: (op: string) => `/api/${op}`,
  hostPath: (op: string) => `/host/${op}`,
  /** GET with ?format=pdf|docx|xlsx|review-pdf|review-xlsx&layout=…: the exported file's bytes. */
  exportPath: '/download/export',
  tokenMeta: 'jxmb-token',
  /** Request header: the page's client id (CallMeta.client). */
  clientHeader: 'X-Jxmb-Client',
  /** Request header: the document version the page last saw (CallMeta.baseVersion). */
  baseVersionHeader: 'X-Jxmb-Base-Version',
} as const;

/**
 * Response body of every /api and /host call (and of every Electron IPC call). `version`: the
 * open document's version after the call, on every answer while a document is open, so a page
 * learns of another writer from any reply.
 */
export type WireResponse<T> =
  | { ok: true; result: T; version?: string }
  | {
      ok: false;
      error: string;
      userError: boolean;
      code?: ErrorCode;
      lock?: LockHolder;
      version?: string;
    };
