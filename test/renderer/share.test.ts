import { describe, expect, it } from 'vitest';
import type { DocumentData, IndicatorData } from '../../db/shared/types.ts';
import { share } from '../../renderer/src/share.ts';
import { sample, wireCopy } from './doc-data.ts';

/*
 * Structural sharing (renderer/src/share.ts): when the page gets a whole document (a refresh
 * after another window wrote, a reply that could not be a change set), every part equal to the
 * page's copy must be the page's object, so memoized rows skip drawing; and the result must
 * always equal what arrived.
 */

type Mutable<T> = T extends number | string | boolean | null
  ? T
  : { -readonly [K in keyof T]: Mutable<T[K]> };

/** The document as it arrives again from the host, with `edit` applied to the copy. */
function arrived(prev: DocumentData, edit?: (d: Mutable<DocumentData>) => void): DocumentData {
  const next = wireCopy(prev) as unknown as Mutable<DocumentData>;
  edit?.(next);
  return next as unknown as DocumentData;
}

describe('share: a whole document, sharing what did not change', () => {
  it('returns the page’s own object when nothing changed', () => {
    const prev = sample();
    const next = arrived(prev);
    expect(next).not.toBe(prev);
    expect(share(prev, next)).toBe(prev);
  });

  it('replaces the changed leaf and the objects above it, and only those', () => {
    const prev = sample();
    const next = arrived(prev, (d) => {
      d.units[0]!.projects[1]!.indicators[0]!.cycleValue = '改过';
    });
    const got = share(prev, next);

    expect(got).toEqual(next);
    expect(got).not.toBe(prev);
    const [u1, u2, u3] = got.units;
    expect(u1).not.toBe(prev.units[0]);
    expect(u2).toBe(prev.units[1]);
    expect(u3).toBe(prev.units[2]);
    expect(u1!.projects[0]).toBe(prev.units[0]!.projects[0]);
    const p12 = u1!.projects[1]!;
    expect(p12).not.toBe(prev.units[0]!.projects[1]);
    expect(p12.indicators[0]!.cycleValue).toBe('改过');
    // The changed indicator's untouched parts, and its sibling, stay.
    expect(p12.indicators[0]!.basis).toBe(prev.units[0]!.projects[1]!.indicators[0]!.basis);
    expect(p12.indicators[1]).toBe(prev.units[0]!.projects[1]!.indicators[1]);
    expect(p12.totals).toBe(prev.units[0]!.projects[1]!.totals);
    expect(got.tree).toBe(prev.tree);
    expect(got.totals).toBe(prev.totals);
  });

  it('matches rows by id after a move: each moved row is the page’s own object', () => {
    const prev = sample();
    const next = arrived(prev, (d) => {
      // Indicators of project 11 reversed; project 12 moved from unit 1 to unit 2.
      const p11 = d.units[0]!.projects[0]!;
      p11.indicators = [...p11.indicators].reverse();
      const p12 = d.units[0]!.projects.pop()!;
      d.units[1]!.projects.push(p12);
    });
    const got = share(prev, next);

    expect(got).toEqual(next);
    const before = prev.units[0]!.projects[0]!.indicators;
    const after = got.units[0]!.projects[0]!.indicators;
    expect(after.map((i) => i.id)).toEqual([1103, 1102, 1101]);
    expect(after).not.toBe(before);
    after.forEach((i) => expect(i).toBe(before.find((b) => b.id === i.id)));
    // Rows are matched within their own list: the project that went to another unit arrives
    // equal (drawn again), the one already there stays by id, and the third unit is untouched.
    expect(got.units[1]!.projects[1]).toEqual(prev.units[0]!.projects[1]);
    expect(got.units[1]!.projects[0]).toBe(prev.units[1]!.projects[0]);
    expect(got.units[0]!.projects[0]!.totals).toBe(prev.units[0]!.projects[0]!.totals);
    expect(got.units[2]).toBe(prev.units[2]);
  });

  it('a row inserted before others does not shift the rest onto the wrong rows', () => {
    const prev = sample();
    const fresh: IndicatorData = { ...prev.units[2]!.projects[0]!.indicators[0]!, id: 3100 };
    const next = arrived(prev, (d) => {
      d.units[2]!.projects[0]!.indicators.unshift(wireCopy(fresh) as Mutable<IndicatorData>);
    });
    const got = share(prev, next);
    const before = prev.units[2]!.projects[0]!.indicators;
    const after = got.units[2]!.projects[0]!.indicators;
    expect(got).toEqual(next);
    expect(after.map((i) => i.id)).toEqual([3100, 3101, 3102]);
    expect(after[1]).toBe(before[0]);
    expect(after[2]).toBe(before[1]);
  });

  it('arrays without ids are compared by position', () => {
    const prev = { list: [1, 2, 3], nested: [[1], [2]] };
    expect(share(prev, { list: [1, 2, 3], nested: [[1], [2]] })).toBe(prev);
    const got = share(prev, { list: [1, 2, 4], nested: [[1], [3]] });
    expect(got).toEqual({ list: [1, 2, 4], nested: [[1], [3]] });
    expect(got.nested[0]).toBe(prev.nested[0]);
    expect(share(prev, { list: [1, 2], nested: prev.nested }).list).toEqual([1, 2]);
  });

  it('a key that went away or came is never hidden by sharing', () => {
    const shared = { a: 1 };
    // prev has a key next lacks: the result must not keep it.
    const prev1: Record<string, unknown> = { x: shared, gone: 'old' };
    const got1 = share(prev1, { x: { a: 1 } });
    expect(got1).toEqual({ x: { a: 1 } });
    expect('gone' in got1).toBe(false);
    // next has a key prev lacks, even one whose value is undefined.
    const prev2: Record<string, unknown> = { x: shared };
    const got2 = share(prev2, { x: { a: 1 }, added: undefined });
    expect('added' in got2).toBe(true);
    expect(got2.x).toBe(shared);
    // Same count of keys, different names.
    const prev3: Record<string, unknown> = { x: shared, old: undefined };
    const got3 = share(prev3, { x: { a: 1 }, renamed: undefined });
    expect(Object.keys(got3).sort()).toEqual(['renamed', 'x']);
    expect(got3.x).toBe(shared);
  });

  // Known gap (reported): when a key went away and every other key is unchanged, shareObject
  // returns `next` itself, so the unchanged values below it lose their identity (drawn again;
  // the result is still right). Fix in renderer/src/share.ts, shareObject's last line: return a
  // fresh object of prev's values for next's keys instead of `next`. Then make this an `it`.
  it('keeps the unchanged values under an object that lost a key', () => {
    const shared = { a: 1 };
    const got = share<Record<string, unknown>>({ x: shared, gone: 'old' }, { x: { a: 1 } });
    expect(got).toEqual({ x: { a: 1 } });
    expect(got.x).toBe(shared);
  });

  it('a value that changed kind (object ↔ null, array ↔ object) is taken as it arrived', () => {
    const prev = { previous: { fiscal: 1 }, list: [1], obj: { 0: 1 } };
    const next = { previous: null, list: { 0: 1 }, obj: [1] };
    const got = share(prev as unknown, next as unknown);
    expect(got).toEqual(next);
    expect(Array.isArray((got as typeof next).obj)).toBe(true);
    expect(Array.isArray((got as typeof next).list)).toBe(false);
  });
});
