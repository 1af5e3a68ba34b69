import type { Finding } from '../../../db/shared/check/finding.ts';

/**
 * The findings after an edit differ from the ones before in one stretch at most (the project
 * that was edited; findings come in document order). A delta carries that stretch only, so a
 * large document's thousands of findings do not cross from the checking thread on every pause,
 * and every finding that did not change stays the same object in the page (its row and field
 * marks are not drawn again).
 */
export interface FindingsDelta {
  /** Where the changed stretch begins. */
  readonly start: number;
  /** How many findings of the old list it replaces. */
  readonly remove: number;
  readonly insert: readonly Finding[];
}

/** The delta from the findings whose keys are `before` to `after` (keyed by findingKey). */
export function findingsDelta(
  before: readonly string[],
  after: readonly Finding[],
  afterKeys: readonly string[],
): FindingsDelta {
  let start = 0;
  const shortest = Math.min(before.length, afterKeys.length);
  while (start < shortest && before[start] === afterKeys[start]) start++;
  let end = 0;
  while (
    end < shortest - start &&
    before[before.length - 1 - end] === afterKeys[afterKeys.length - 1 - end]
  ) {
    end++;
  }
  return {
    start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  };
}

/** The list `delta` was made for, from the list it was made against. */
export function applyDelta(list: readonly Finding[], delta: FindingsDelta): readonly Finding[] {
  if (delta.remove === 0 && delta.insert.length === 0) return list;
  return [
    ...list.slice(0, delta.start),
    ...delta.insert,
    ...list.slice(delta.start + delta.remove),
  ];
}

/** What tells two findings apart: all they say. */
export const findingKey = (f: Finding): string => JSON.stringify(f);
