import { closeSync, readSync } from 'node:fs';
import path from 'node:path';
import { EditorSession } from '../api/session.ts';
import { builtInTree } from '../built-in-trees.ts';
import { TargetDocument } from '../document.ts';
import { FILE_EXTENSION } from '../document-file.ts';
import { writeDraft } from '../import/index.ts';
import { parseIsolated } from '../import/isolated.ts';
import { openSourceFile, readSourceFile } from '../import/source-file.ts';
import { parseJobFor } from '../import/source-format.ts';
import { describeWhere, type ImportNote, type ImportResult } from '../import/source-where.ts';
import { loadSource, nextYearDraft, sourceReadOptions } from '../rollover/index.ts';
import type { DocumentState } from '../shared/api/contract.ts';
import type { NewFromPreviousState, OpenedState, SourceNote } from '../shared/api/host-contract.ts';
import { statesNoUnit } from '../shared/api/source-unit.ts';
import { isUserError, UserError } from '../shared/errors.ts';
import { moneyDisplayProblem, type MoneyUnit } from '../shared/money.ts';
import { ASK } from './asks.ts';
import { warmUpExports } from './export.ts';
import { copyStem, documentStem, samePath } from './file-names.ts';
import type { HostPayload } from './payload.ts';
import type { HostPort } from './port.ts';
import type { Readings } from './reading.ts';
import { chooseSource, chooseTarget, refuseOverwrite, sessionOf } from './targets.ts';

/**
 * 新建, 打开, 由上年文件新建 and 另存为, each once for both hosts. A flow that asked the clerk
 * and was cancelled (or whose window went away meanwhile) answers null and changes nothing.
 */

type State = Promise<DocumentState | null>;
const ext = FILE_EXTENSION;

export async function newDocument<T>(
  port: HostPort<T>,
  t: T,
  { department, year, tree, money, path: given }: HostPayload<'newDocument'>,
): State {
  if (!builtInTree(tree)) throw new UserError(`没有名为“${tree}”的指标体系`);
  const problem = money && moneyDisplayProblem(money.unit, money.decimals);
  if (problem) throw new UserError(problem);
  const target = await chooseTarget(port, t, ASK.newDocument, {
    direct: given === undefined ? undefined : port.pageTarget(given, ext),
    given,
    stem: documentStem(department, year),
    ext,
  });
  if (!target) return null;
  refuseOverwrite(port, target.file);
  TargetDocument.create(
    target.file,
    { department, year, tree, ...(money ? { money } : {}) },
    { overwrite: target.confirmed },
  );
  return opened(await port.open(t, target.file, 'edit'));
}

export async function newFromPrevious<T>(
  port: HostPort<T>,
  t: T,
  { source, year, keepAmounts, path: given, unit }: HostPayload<'newFromPrevious'>,
  reads: Readings,
): Promise<NewFromPreviousState | null> {
  const from = await chooseSource(port, t, ASK.previous, source);
  if (!from) return null;
  // The page's target is checked before the (possibly long) reading of the source.
  const direct = given === undefined ? undefined : port.pageTarget(given, ext);
  const loaded = await reads.run(port.client(t), from, (signal) =>
    loadSource(from, { signal }, sourceReadOptions({ unit, year })),
  );
  if (!loaded || !port.still(t)) return null;
  const draft = nextYearDraft(loaded.draft, {
    ...(year === undefined ? {} : { year }),
    keepAmounts,
  });
  const target = await chooseTarget(port, t, ASK.newFromPrevious, {
    direct,
    given,
    stem: documentStem(draft.department, draft.year),
    ext,
    near: from,
  });
  if (!target) return null;
  if (samePath(target.file, from)) throw new UserError('不能覆盖上年的文件；请换一个文件名');
  refuseOverwrite(port, target.file);
  writeDraft(draft, target.file, { overwrite: target.confirmed });
  const notes = sourceNotes(loaded.notes);
  const state = opened(await port.open(t, target.file, 'edit'));
  // Shown in another window: its page gets the notes (and opens the year review) instead.
  if (!state) reads.leave(target.file, { source: path.basename(from), notes, nextYear: true });
  return state && { ...state, notes };
}

/** What the reader inferred and what it asks to check, as the command line prints them. */
function sourceNotes(notes: readonly ImportNote[]): SourceNote[] {
  return notes.map((n) => ({ severity: n.severity, where: describeWhere(n), message: n.message }));
}

/**
 * 打开: a document opens; a table (a workbook, CSV, PDF or text `import` reads) is imported
 * into a new document, which opens (importTable). Which one is told by the file's bytes, so the
 * page need not know what the clerk picked in Electron's dialog.
 */
export async function openDocument<T>(
  port: HostPort<T>,
  t: T,
  { path: given, mode, unit, target }: HostPayload<'openDocument'>,
  reads: Readings,
): Promise<OpenedState | null> {
  const file = await chooseSource(port, t, ASK.open, given);
  if (!file) return null;
  if (isDocumentFile(file)) return opened(await port.open(t, file, mode ?? 'edit'));
  return importTable(port, t, file, { unit, given: target }, reads);
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * A document by its name or its bytes. A `.jxmb` that is not one is opened as a document all
 * the same: its refusal (a damaged document) says more than a table reader's would.
 */
function isDocumentFile(file: string): boolean {
  if (file.toLowerCase().endsWith(ext)) return true;
  // Refuses, with a message, what is not a regular file (a pipe would block the read).
  const { fd } = openSourceFile(file, '文件');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    readSync(fd, head, 0, head.length, 0);
    return head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * A table opened with 打开 becomes a new document: read in the parse worker (the page sees how
 * long, and may cancel), saved where the clerk says (beside the table, `<table's name>.jxmb`,
 * proposed), never over the table or a file not confirmed, and opened with the notes of reading
 * it. The table is only read.
 */
async function importTable<T>(
  port: HostPort<T>,
  t: T,
  source: string,
  { unit, given }: { unit: MoneyUnit | undefined; given: string | undefined },
  reads: Readings,
): Promise<OpenedState | null> {
  const direct = given === undefined ? undefined : port.pageTarget(given, ext);
  const result = await readTableAsking(port, t, source, unit, reads);
  if (!result) return null;
  const target = await chooseTarget(port, t, ASK.importTable, {
    direct,
    given,
    stem: path.parse(source).name,
    ext,
    near: source,
  });
  // Never the table itself: both hosts give the target the document's extension, which a table
  // does not have (a file named .jxmb is opened as a document).
  if (!target) return null;
  refuseOverwrite(port, target.file);
  writeDraft(result.draft, target.file, { overwrite: target.confirmed });
  const imported = { source: path.basename(source), notes: sourceNotes(result.notes) };
  const state = opened(await port.open(t, target.file, 'edit'));
  // Shown in another window (Electron, from a window with a document): its page gets the notes.
  if (!state) reads.leave(target.file, imported);
  return state && { ...state, imported };
}

/**
 * Reads a table as `jxmb import` does. One that states no money unit is refused; a host that
 * can ask (Electron) asks the clerk and reads it again in the unit chosen, others pass the
 * refusal to the page, which asks in its form.
 */
async function readTableAsking<T>(
  port: HostPort<T>,
  t: T,
  source: string,
  unit: MoneyUnit | undefined,
  reads: Readings,
): Promise<ImportResult | null> {
  const read = async (u: MoneyUnit | undefined) => {
    const result = await reads.run(port.client(t), source, (signal) =>
      readTable(source, u, signal),
    );
    return result && port.still(t) ? result : null;
  };
  try {
    return await read(unit);
  } catch (e) {
    if (unit !== undefined || !port.askUnit || !isUserError(e) || !statesNoUnit(e.message)) {
      throw e;
    }
    const picked = await port.askUnit(t, e.message);
    return picked && port.still(t) ? read(picked) : null;
  }
}

function readTable(
  file: string,
  unit: MoneyUnit | undefined,
  signal: AbortSignal,
): Promise<ImportResult> {
  const job = parseJobFor(readSourceFile(file, '文件'), file, '文件', unit ? { unit } : {});
  return parseIsolated(job, `文件“${file}”`, { signal });
}

/** A document is open: the export worker gets ready for its first export meanwhile. */
function opened(state: DocumentState | null): DocumentState | null {
  if (state) warmUpExports(state.data);
  return state;
}

/** Writes a copy and goes on in it (the original stays as it was last saved: every edit is). */
export async function saveAs<T>(
  port: HostPort<T>,
  t: T,
  { path: given }: HostPayload<'saveAs'>,
): State {
  const session = sessionOf(port, t);
  const current = session.doc.filePath;
  const target = await chooseTarget(port, t, ASK.saveAs, {
    direct: given === undefined ? undefined : port.pageTarget(given, ext),
    given,
    stem: copyStem(current),
    ext,
    near: current,
    session,
  });
  if (!target) return null;
  // Every edit is already on disk: saving under the same name has nothing to do.
  if (samePath(target.file, current) && !session.readOnly) return session.state(port.client(t));
  refuseOverwrite(port, target.file);
  let next: EditorSession;
  try {
    next = session.saveAs(target.file, { overwrite: target.confirmed });
  } catch (e) {
    // The copy failed after the original was closed: go on in the original.
    if (!session.doc.isOpen) port.adopt(t, reopen(current));
    throw e;
  }
  port.adopt(t, next);
  return next.state(port.client(t));
}

function reopen(file: string): EditorSession | undefined {
  try {
    return EditorSession.open(file);
  } catch (e) {
    console.error(`无法重新打开 ${file}`, e);
    return undefined;
  }
}
