import { TreeIndex } from '../shared/tree.ts';
import { loadSource, nextYearDraft, sourceReadOptions } from '../rollover/index.ts';
import type { PreviousYearTable } from '../shared/api/previous-indicators.ts';
import { isUserError, UserError } from '../shared/errors.ts';
import { statesNoUnit } from '../shared/api/source-unit.ts';
import path from 'node:path';
import { ASK } from './asks.ts';
import type { HostPayload } from './payload.ts';
import type { HostPort } from './port.ts';
import type { Readings } from './reading.ts';
import { chooseSource } from './targets.ts';

/**
 * 从上年表格复制指标, the host's half: the clerk names last year's file (Electron: the open
 * dialog; browser mode: a path), which is read as 由上年文件新建 reads it (a document, or a table
 * in any layout the importer reads, only read) and moved on a year the same way. The page gets
 * the projects and indicators to choose from and pastes its choice with pasteIndicators; the
 * host keeps nothing of the file. Null when the clerk cancelled.
 */
export async function previousYearTable<T>(
  port: HostPort<T>,
  t: T,
  { source, unit }: HostPayload<'previousYearTable'>,
  reads: Readings,
): Promise<PreviousYearTable | null> {
  const session = port.session(t);
  if (!session) throw new UserError('请先打开文档');
  const data = session.doc.snapshot();
  if (data.previousYear === null) {
    throw new UserError('本表不是由上年文件新建的，不能从上年表格复制指标');
  }
  const from = await chooseSource(port, t, ASK.previous, source);
  if (!from) return null;
  const read = (signal: AbortSignal) =>
    loadSource(from, { signal }, sourceReadOptions({ unit, year: data.year })).catch((e) => {
      // Only indicators are taken from it: a table's amounts, and so its unit, do not matter.
      if (unit !== undefined || !isUserError(e) || !statesNoUnit(e.message)) throw e;
      return loadSource(from, { signal }, sourceReadOptions({ unit: '万元', year: data.year }));
    });
  const loaded = await reads.run(port.client(t), from, read);
  if (!loaded || !port.still(t, session)) return null;
  if (loaded.draft.year !== data.previousYear) {
    throw new UserError(
      `所选文件是 ${loaded.draft.year} 年的表格，本表由 ${data.previousYear} 年的表格新建；请选择 ${data.previousYear} 年的文件`,
    );
  }
  const draft = nextYearDraft(loaded.draft, { year: data.year });
  const tree = new TreeIndex(draft.tree);
  return {
    source: path.basename(from),
    year: loaded.draft.year,
    projects: draft.units.flatMap((u) =>
      u.projects.map((p) => ({
        unit: u.name,
        name: p.name,
        indicators: p.indicators.map((i) => ({
          level2Code: i.level2Code,
          level2Name: tree.resolve(i.level2Code)?.level2.name ?? '',
          name: i.name,
          cycle: i.cycle ?? { kind: 'sentence' as const, text: i.cycleValue },
          annual: i.annual ?? { kind: 'sentence' as const, text: i.annualValue },
          annualFollowsCycle: i.annualFollowsCycle,
          weight: i.weight ?? null,
          basis: { kind: i.basis?.kind ?? null, text: i.basis?.text ?? '' },
          explanation: i.explanation ?? '',
          polarity: i.polarity ?? null,
          previous: i.previous ?? null,
        })),
      })),
    ),
  };
}
