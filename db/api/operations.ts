/**
 * The names of the operations the UI can ask of a document, in one dependency-free list: the
 * Electron preload exposes exactly these as named functions (one fixed IPC channel each), and the
 * browser-mode server exactly these as POST routes. Their payloads and results are in
 * contract.ts; both hosts validate with the same schemas and run the same EditorSession.
 */
export const DOCUMENT_OPERATIONS = [
  'getDocument',
  'checkDocument',
  'setDepartment',
  'setYear',
  'setTitle',
  'addUnit',
  'renameUnit',
  'moveUnit',
  'deleteUnit',
  'addProject',
  'updateProject',
  'moveProject',
  'deleteProject',
  'addIndicator',
  'updateIndicator',
  'moveIndicator',
  'setIndicatorCategory',
  'deleteIndicator',
  'undo',
  'redo',
  'yearReview',
  'replaceYears',
] as const;

export type DocumentOperation = (typeof DOCUMENT_OPERATIONS)[number];

export function isDocumentOperation(name: string): name is DocumentOperation {
  return (DOCUMENT_OPERATIONS as readonly string[]).includes(name);
}
