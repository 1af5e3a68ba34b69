export {
  importPublishedText,
  ImportError,
  type ImportNote,
  type ImportResult,
} from './published-text.ts';
export { writeDraft, type TableDraft } from './draft.ts';
