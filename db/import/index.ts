export {
  importPublishedText,
  ImportError,
  type ImportNote,
  type ImportResult,
} from './published-text.ts';
export { importPublishedPdf } from './published-pdf.ts';
export { describeWhere, type ReadOptions } from './table-draft.ts';
export { writeDraft, type TableDraft } from './draft.ts';
/**
 * The one way a source is read, whatever its layout: `readText` for text (copied or extracted),
 * `readCells` for a table's cells (a PDF's grid, pdf-import.ts). Both find the family
 * (forms/detect.ts) and refuse, naming it, what they cannot read.
 */
export {
  detectCells,
  detectText,
  LAYOUT_NAMES,
  readCells,
  readText,
  type Detected,
  type LayoutFamily,
} from './forms/detect.ts';
