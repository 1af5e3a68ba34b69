import type { EditorSession } from '../api/session.ts';
import type { DocumentState } from '../shared/api/contract.ts';
import type { HostOperation } from '../shared/api/host-contract.ts';
import type { DocumentData } from '../shared/types.ts';
import { UserError } from '../shared/errors.ts';
import {
  rankSuggestions,
  SUGGESTION_LIMIT,
  type IndicatorCandidate,
  type IndicatorSuggestion,
} from '../shared/suggestions.ts';
import { commonIndicators } from './common-indicators.ts';
import { IndicatorMemory } from './indicator-memory.ts';
import type { HostPayload } from './payload.ts';
import type { HostPort } from './port.ts';

/**
 * The host's side of suggestions for 三级指标 names: what it remembers of the documents opened
 * on this computer (IndicatorMemory, in the host's data folder) and the built-in list, ranked for
 * the row's category. A host without a data folder suggests the built-in list only.
 */

/** The operations after which the page shows another document: it is remembered at once. */
const OPENING: ReadonlySet<HostOperation> = new Set([
  'currentDocument',
  'newDocument',
  'newFromPrevious',
  'openDocument',
  'saveAs',
]);

export class HostSuggestions<T> {
  private memory_: IndicatorMemory | null | undefined;
  /** Sessions remembered since they opened (a page's reload does not write again). */
  private readonly remembered = new WeakSet<EditorSession>();

  constructor(private readonly port: HostPort<T>) {}

  /** The memory, in the host's data folder; null when the host keeps no files of its own. */
  get memory(): IndicatorMemory | null {
    if (this.memory_ === undefined) {
      const dir = this.port.dataDir?.();
      this.memory_ = dir ? new IndicatorMemory(dir) : null;
    }
    return this.memory_;
  }

  private session(t: T): EditorSession {
    const session = this.port.session(t);
    if (!session) throw new UserError('没有打开的文档');
    return session;
  }

  suggest(
    t: T,
    { level2Code, text, limit }: HostPayload<'suggestIndicators'>,
  ): IndicatorSuggestion[] {
    const session = this.session(t);
    const category = session.doc.tree.resolve(level2Code);
    if (!category) throw new UserError(`指标体系中没有编码为“${level2Code}”的二级指标`);
    const kept: IndicatorCandidate[] = this.memory?.candidates(session.doc.filePath) ?? [];
    return rankSuggestions(
      [...kept, ...commonIndicators()],
      {
        text,
        level1Role: category.level1.role,
        level1Name: category.level1.name,
        level2Code: category.level2.code,
        level2Name: category.level2.name,
      },
      limit ?? SUGGESTION_LIMIT,
    );
  }

  /** Remembers `t`'s document as it is now; 0 when there is none or no memory. */
  remember(t: T, shown?: DocumentData): { remembered: number } {
    const session = this.port.session(t);
    const memory = this.memory;
    if (!session || !memory) return { remembered: 0 };
    // The state just sent to the page, when there is one: no second snapshot of a large document.
    const data = shown ?? session.doc.snapshot();
    try {
      memory.remember(data, session.doc.filePath);
    } catch (e) {
      // Suggestions are a convenience: a folder that cannot be written never stops the work.
      console.error(`无法记住指标（${memory.file}）：${(e as Error).message}`);
      return { remembered: 0 };
    }
    this.remembered.add(session);
    return {
      remembered: data.units.reduce(
        (n, u) => n + u.projects.reduce((m, p) => m + p.indicators.length, 0),
        0,
      ),
    };
  }

  addOwn(t: T, { id }: HostPayload<'addCommonIndicator'>): { name: string } {
    const memory = this.memory;
    if (!memory) throw new UserError('此程序没有保存常用指标的位置');
    const session = this.session(t);
    const indicator = session.doc
      .snapshot()
      .units.flatMap((u) => u.projects.flatMap((p) => p.indicators))
      .find((i) => i.id === id);
    if (!indicator) throw new UserError('该指标已不存在');
    if (indicator.name.trim() === '') throw new UserError('请先填写三级指标名称，再加为常用指标');
    memory.addOwn({
      name: indicator.name,
      cycle: indicator.cycle,
      annual: indicator.annual,
      annualFollowsCycle: indicator.annualFollowsCycle,
      level1Role: indicator.level1.role,
      level1Name: indicator.level1.name,
      level2Code: indicator.level2.code,
      level2Name: indicator.level2.name,
      source: 'own',
      from: '',
    });
    return { name: indicator.name };
  }

  clear(): { documents: number; indicators: number } {
    return this.memory?.clear() ?? { documents: 0, indicators: 0 };
  }

  /**
   * Around a host call: before `t` leaves its document for another, what it has become is
   * remembered; after, the document it now shows (once per session).
   */
  async around<R>(t: T, name: HostOperation, run: () => Promise<R>): Promise<R> {
    if (!OPENING.has(name)) return run();
    const before = this.port.session(t);
    if (before && name !== 'currentDocument') this.remember(t);
    const result = await run();
    const after = this.port.session(t);
    if (after && !this.remembered.has(after)) this.remember(t, shownData(result, after));
    return result;
  }
}

/** The document data in an opening call's answer, when it is the state of `session`'s file. */
function shownData(result: unknown, session: EditorSession): DocumentData | undefined {
  const state = result as Partial<DocumentState> | null;
  return state?.data && state.filePath === session.doc.filePath ? state.data : undefined;
}
