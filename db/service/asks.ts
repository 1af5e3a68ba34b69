import { FILE_EXTENSION } from '../document-file.ts';
import { TABLE_EXTENSIONS } from '../import/source-format.ts';

/**
 * What the service asks the clerk for when it needs a file. Electron shows a native dialog with
 * this title and these filters; browser mode has no dialogs: the page types a path, and when it
 * typed none the host either refuses with `prompt` or, without one, picks a fresh name itself.
 */

export interface FileFilter {
  readonly name: string;
  readonly extensions: string[];
}

export interface FileQuestion {
  readonly title: string;
  readonly filters: FileFilter[];
  /** Said by a host that cannot ask, when the page named no file. */
  readonly prompt?: string;
}

/** A file to read: the page may name one only where the host allows it (see HostPort.pageSource). */
export interface SourceQuestion extends FileQuestion {
  readonly prompt: string;
  /** Electron lets a page name only a file from 最近打开; this says so. */
  readonly notRecent: string;
}

export const DOCUMENT_FILTER: FileFilter = {
  name: '绩效目标表',
  extensions: [FILE_EXTENSION.slice(1)],
};

/** A table `import` reads: a workbook, CSV, PDF or text, in any layout it reads. */
const TABLE_FILTER: FileFilter = {
  name: '表格（Excel 工作簿、CSV、PDF 或文字）',
  extensions: [...TABLE_EXTENSIONS],
};

/** What 打开 opens: a document, or a table it imports into a new document. */
const OPEN_FILTERS: FileFilter[] = [
  {
    name: '绩效目标表或表格',
    extensions: [FILE_EXTENSION.slice(1), ...TABLE_EXTENSIONS],
  },
  DOCUMENT_FILTER,
  TABLE_FILTER,
];

/** What 由上年文件新建 can start from: last year's document, or its table. */
const PREVIOUS_FILTERS: FileFilter[] = [
  {
    name: '上年的绩效目标表或表格',
    extensions: [FILE_EXTENSION.slice(1), ...TABLE_EXTENSIONS],
  },
  DOCUMENT_FILTER,
  TABLE_FILTER,
];

export const ASK = {
  open: {
    title: '打开绩效目标表或表格',
    filters: OPEN_FILTERS,
    prompt: '请输入要打开的文档或表格的路径',
    notRecent: '只能直接打开“最近打开”中的文件；请用“打开”选择文件',
  },
  previous: {
    title: '选择上年的绩效目标表或公开表格',
    filters: PREVIOUS_FILTERS,
    prompt: '请输入上年文件的路径（文档，或表格的 Excel 工作簿、CSV、PDF、文字）',
    notRecent: '只能直接使用“最近打开”中的文件；请在对话框中选择上年的文件',
  },
  newDocument: { title: '新建绩效目标表', filters: [DOCUMENT_FILTER] },
  newFromPrevious: { title: '新建绩效目标表（由上年文件）', filters: [DOCUMENT_FILTER] },
  /** Where the document a table opened with 打开 is imported into is saved. */
  importTable: { title: '保存导入的绩效目标表', filters: [DOCUMENT_FILTER] },
  saveAs: { title: '另存为', filters: [DOCUMENT_FILTER], prompt: '请输入另存为的文件路径' },
} as const satisfies Record<string, FileQuestion | SourceQuestion>;
