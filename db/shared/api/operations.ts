/**
 * The names of the operations the UI can ask of a document, in one dependency-free list: the
 * Electron preload exposes exactly these as named functions (one fixed IPC channel each), and the
 * browser-mode server exactly these as POST routes. Their payloads and results are in
 * contract.ts; both hosts validate with the same schemas and run the same EditorSession.
 */
export const DOCUMENT_OPERATIONS = [
  'getDocument',
  'getVersion',
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

/** Operations that only read: allowed on a read-only session, never checked for staleness. */
export const QUERY_OPERATIONS = [
  'getDocument',
  'getVersion',
  'checkDocument',
  'yearReview',
] as const satisfies readonly DocumentOperation[];

export function isQueryOperation(name: DocumentOperation): boolean {
  return (QUERY_OPERATIONS as readonly string[]).includes(name);
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
  'printPreview',
  'undo',
  'redo',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
