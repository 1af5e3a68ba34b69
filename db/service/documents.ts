import { EditorSession } from '../api/session.ts';
import { builtInTree } from '../built-in-trees.ts';
import { TargetDocument } from '../document.ts';
import { FILE_EXTENSION } from '../document-file.ts';
import { writeDraft } from '../import/index.ts';
import { describeWhere } from '../import/source-where.ts';
import { loadSource, nextYearDraft, sourceReadOptions } from '../rollover/index.ts';
import type { DocumentState } from '../shared/api/contract.ts';
import type { NewFromPreviousState } from '../shared/api/host-contract.ts';
import { UserError } from '../shared/errors.ts';
import { moneyDisplayProblem } from '../shared/money.ts';
import { ASK } from './asks.ts';
import { warmUpExports } from './export.ts';
import { copyStem, documentStem, samePath } from './file-names.ts';
import type { HostPayload } from './payload.ts';
import type { HostPort } from './port.ts';
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
): Promise<NewFromPreviousState | null> {
  const from = await chooseSource(port, t, ASK.previous, source);
  if (!from) return null;
  // The page's target is checked before the (possibly long) reading of the source.
  const direct = given === undefined ? undefined : port.pageTarget(given, ext);
  const loaded = await loadSource(from, {}, sourceReadOptions({ unit, year }));
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
  const state = opened(await port.open(t, target.file, 'edit'));
  // The page shows what the reader inferred and what it asks to check, as the CLI prints them.
  const notes = loaded.notes.map((n) => ({
    severity: n.severity,
    where: describeWhere(n),
    message: n.message,
  }));
  return state && { ...state, notes };
}

export async function openDocument<T>(
  port: HostPort<T>,
  t: T,
  { path: given, mode }: HostPayload<'openDocument'>,
): State {
  const file = await chooseSource(port, t, ASK.open, given);
  return file ? opened(await port.open(t, file, mode ?? 'edit')) : null;
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
