export {
  importPublishedText,
  ImportError,
  type ImportNote,
  type ImportResult,
} from './published-text.ts';
export { importPublishedPdf } from './published-pdf.ts';
export { describeWhere } from './table-draft.ts';
export { writeDraft, type TableDraft } from './draft.ts';
