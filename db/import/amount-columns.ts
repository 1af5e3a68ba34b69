import { addCents, type Cents } from '../shared/money.ts';
import type { Amounts } from '../shared/types.ts';

/**
 * Published tables leave zero amounts as empty cells, and text extraction drops empty cells, so a
 * row printed `0.56 0.56` says 总计 0.56 and one source 0.56 — but not which of 财政拨款,
 * 财政专户拨款 and 其他资金. The printed order is kept, so a row with k sources after its total
 * can only be one of C(3, k) placements. The hierarchy decides: every unit's sources are the sum
 * of its projects', and 合计's the sum of the units'. This module finds the placements for which
 * all of those hold, preferring 财政拨款 (by far the most common source) when the sums cannot tell.
 */

export const SOURCE_COLUMNS = ['fiscal', 'specialAccount', 'other'] as const;
export type SourceColumn = (typeof SOURCE_COLUMNS)[number];

export const SOURCE_LABEL: Record<SourceColumn, string> = {
  fiscal: '财政拨款',
  specialAccount: '财政专户拨款',
  other: '其他资金',
};

/** One printed row: its 总计 and the source amounts that followed it, in printed order. */
export interface PrintedRow {
  readonly total: Cents;
  readonly sources: readonly Cents[];
}

type Vector = readonly [Cents, Cents, Cents];

/**
 * How likely a source column is when the text cannot tell: 财政拨款 funds almost every project;
 * 其他资金 (a unit's own money, e.g. 党费) is next; 财政专户拨款 is confined to the few non-tax
 * revenues managed in a special account (tuition, medical fees).
 */
const PREFERENCE: readonly number[] = [0, 2, 1]; // fiscal, other, specialAccount (column indices)

/** Every way to place the printed sources into the three columns, most likely first. */
export function placements(row: PrintedRow): Vector[] {
  const k = row.sources.length;
  if (k > 3) return [];
  const subsets: number[][] = [];
  const choose = (start: number, picked: number[]) => {
    if (picked.length === k) {
      subsets.push(picked);
      return;
    }
    for (let c = start; c < 3; c++) choose(c + 1, [...picked, c]);
  };
  choose(0, []);
  const rank = (cols: number[]) => cols.map((c) => PREFERENCE.indexOf(c)).sort((a, b) => a - b);
  subsets.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < k; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  });
  return subsets.map((cols) => {
    const v: Cents[] = [0 as Cents, 0 as Cents, 0 as Cents];
    cols.forEach((col, i) => (v[col] = row.sources[i]!));
    return v as unknown as Vector;
  });
}

export function toAmounts(v: Vector): Amounts {
  return { fiscal: v[0], specialAccount: v[1], other: v[2] };
}

export interface GroupSolution {
  /** The chosen placement of each child, by index into its placements(). */
  readonly choice: readonly number[];
  /** True when another placement also adds up: the choice is then only the preferred one. */
  readonly ambiguous: boolean;
}

/** Search budget: far more than any real table needs, small enough to never hang the import. */
const MAX_STEPS = 200_000;

/**
 * Finds placements of `children` whose column sums equal `target`. Returns undefined when none
 * does (or the search budget ran out). Children with a single placement cost nothing; the others
 * are searched depth-first, preferred placement first, pruning any column that would go negative
 * or could no longer be reached.
 */
export function solveGroup(
  target: Vector,
  children: readonly (readonly Vector[])[],
): GroupSolution | undefined {
  const n = children.length;
  const choice = new Array<number>(n).fill(0);
  const remaining: number[] = [target[0], target[1], target[2]];
  const open: number[] = [];
  children.forEach((options, i) => {
    if (options.length === 1) {
      for (let c = 0; c < 3; c++) remaining[c]! -= options[0]![c]!;
    } else if (options.length > 1) {
      open.push(i);
    }
  });
  // Larger amounts first: they prune hardest.
  open.sort((a, b) => maxOf(children[b]!) - maxOf(children[a]!));

  // What the open children could still add to each column (for pruning).
  const reach: number[][] = open.map(() => [0, 0, 0]);
  const signs = children.every((opts) => opts.every((v) => v.every((x) => x >= 0)));
  for (let j = open.length - 1; j >= 0; j--) {
    const opts = children[open[j]!]!;
    for (let c = 0; c < 3; c++) {
      const below = j + 1 < open.length ? reach[j + 1]![c]! : 0;
      reach[j]![c] = below + Math.max(...opts.map((v) => v[c]!));
    }
  }

  let found: number[] | undefined;
  let count = 0;
  let steps = 0;
  const current = new Array<number>(n).fill(0);
  const dfs = (j: number): boolean => {
    if (++steps > MAX_STEPS) return true;
    if (j === open.length) {
      if (remaining.every((r) => r === 0)) {
        count++;
        found ??= [...current];
        if (count > 1) return true;
      }
      return false;
    }
    if (signs) {
      for (let c = 0; c < 3; c++) {
        if (remaining[c]! < 0 || remaining[c]! > reach[j]![c]!) return false;
      }
    }
    const i = open[j]!;
    const opts = children[i]!;
    for (let o = 0; o < opts.length; o++) {
      current[i] = o;
      for (let c = 0; c < 3; c++) remaining[c]! -= opts[o]![c]!;
      const stop = dfs(j + 1);
      for (let c = 0; c < 3; c++) remaining[c]! += opts[o]![c]!;
      if (stop) return true;
    }
    current[i] = 0;
    return false;
  };
  dfs(0);
  if (!found) return undefined;
  open.forEach((i) => (choice[i] = found![i]!));
  return { choice, ambiguous: count > 1 || steps > MAX_STEPS };
}

function maxOf(options: readonly Vector[]): number {
  return Math.max(...options.map((v) => Math.max(v[0], v[1], v[2])));
}

export function sumVectors(vs: readonly Vector[]): Vector {
  return [
    addCents(...vs.map((v) => v[0])),
    addCents(...vs.map((v) => v[1])),
    addCents(...vs.map((v) => v[2])),
  ] as Vector;
}

export type { Vector as AmountVector };
