/**
 * The registry of the operations the UI can ask of a document: each declared once, with its
 * kind. A query only reads (allowed on a read-only session, never checked for staleness, never
 * refreshes the desktop menu); an edit changes the document and answers with what changed
 * (EditResult). Dependency-free, so the Electron preload can expose exactly these as named
 * functions (one fixed IPC channel each) and the browser-mode server exactly these as POST
 * routes. Each one's payload schema is in contract.ts (PAYLOADS, which must name every
 * operation here); both hosts validate with it and run the same EditorSession.
 */
export const OPERATIONS = {
  getDocument: 'query',
  getVersion: 'query',
  checkDocument: 'query',
  setDepartment: 'edit',
  setYear: 'edit',
  setTitle: 'edit',
  setMoneyDisplay: 'edit',
  setPrintLayout: 'edit',
  addUnit: 'edit',
  renameUnit: 'edit',
  moveUnit: 'edit',
  deleteUnit: 'edit',
  addProject: 'edit',
  updateProject: 'edit',
  moveProject: 'edit',
  deleteProject: 'edit',
  addIndicator: 'edit',
  updateIndicator: 'edit',
  moveIndicator: 'edit',
  setIndicatorCategory: 'edit',
  deleteIndicator: 'edit',
  structureValues: 'edit',
  undo: 'edit',
  redo: 'edit',
  yearReview: 'query',
  replaceYears: 'edit',
  setFindingChecked: 'edit',
  previewTreeChange: 'query',
  changeTree: 'edit',
  copyProject: 'edit',
  copyIndicators: 'edit',
  pasteIndicators: 'edit',
  replaceText: 'edit',
} as const satisfies Record<string, 'query' | 'edit'>;

export type DocumentOperation = keyof typeof OPERATIONS;
export type OperationKind = (typeof OPERATIONS)[DocumentOperation];
export type QueryOperation = {
  [Op in DocumentOperation]: (typeof OPERATIONS)[Op] extends 'query' ? Op : never;
}[DocumentOperation];
export type EditOperation = Exclude<DocumentOperation, QueryOperation>;

export const DOCUMENT_OPERATIONS = Object.keys(OPERATIONS) as DocumentOperation[];

export function isDocumentOperation(name: string): name is DocumentOperation {
  return Object.hasOwn(OPERATIONS, name);
}

export function isQueryOperation(name: DocumentOperation): name is QueryOperation {
  return OPERATIONS[name] === 'query';
}

/**
 * Commands the desktop menu sends to the page (on its one fixed channel); the page's toolbar and
 * keyboard issue the same ones.
 */
export const MENU_COMMANDS = [
  'newDocument',
  'newFromPrevious',
  'openDocument',
  'saveAs',
  'exportDocx',
  'exportPdf',
  'exportXlsx',
  'exportReviewPdf',
  'exportReviewXlsx',
  'printPreview',
  'undo',
  'redo',
  'changeTree',
  'structureValues',
  'documentProperties',
  'copy',
  'paste',
  'find',
  'replace',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
