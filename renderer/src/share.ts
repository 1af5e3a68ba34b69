/**
 * Structural sharing: returns `next`, but with every part that equals the matching part of `prev`
 * replaced by that part of `prev`. The host sends a whole new document after every edit; sharing
 * keeps the identity of everything the edit did not touch, so memoized components (the tree's
 * nodes, the other projects, the other indicator rows) skip rendering.
 *
 * Arrays of objects with a numeric `id` are matched by id (so a moved row keeps its identity),
 * other arrays by position. Nothing is allocated for parts that are unchanged: a document of
 * thousands of indicators is compared in a few milliseconds.
 */
export function share<T>(prev: T, next: T): T {
  return shareValue(prev, next) as T;
}

type Obj = Record<string, unknown>;

function shareValue(prev: unknown, next: unknown): unknown {
  if (prev === next) return prev;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) {
    return next;
  }
  const prevArray = Array.isArray(prev);
  if (prevArray !== Array.isArray(next)) return next;
  return prevArray
    ? shareArray(prev as unknown[], next as unknown[])
    : shareObject(prev as Obj, next as Obj);
}

function idOf(x: unknown): number | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const id = (x as Obj).id;
  return typeof id === 'number' ? id : undefined;
}

function shareArray(prev: unknown[], next: unknown[]): unknown[] {
  // Matched by id when the elements have one and the ids are not in the same places.
  let byId: Map<number, unknown> | undefined;
  const out = new Array<unknown>(next.length);
  let same = prev.length === next.length;
  for (let i = 0; i < next.length; i++) {
    const n = next[i];
    let match: unknown = prev[i];
    const id = idOf(n);
    if (id !== undefined && idOf(match) !== id) {
      if (!byId) {
        byId = new Map();
        for (const p of prev) {
          const pid = idOf(p);
          if (pid !== undefined) byId.set(pid, p);
        }
      }
      match = byId.get(id);
    }
    const shared = match === undefined ? n : shareValue(match, n);
    if (shared !== prev[i]) same = false;
    out[i] = shared;
  }
  return same ? prev : out;
}

function shareObject(prev: Obj, next: Obj): Obj {
  let out: Obj | undefined;
  let count = 0;
  for (const k in next) {
    count++;
    const p = prev[k];
    const n = next[k];
    const shared = p === n ? p : shareValue(p, n);
    if (shared !== p || !(k in prev)) {
      if (!out) {
        out = {};
        // Copy the keys before this one (all unchanged).
        for (const k2 in next) {
          if (k2 === k) break;
          out[k2] = prev[k2];
        }
      }
    }
    if (out) out[k] = shared;
  }
  if (out) return out;
  // Same values for every key of next: the same object unless prev has extra keys.
  let prevCount = 0;
  for (const _k in prev) prevCount++;
  if (prevCount === count) return prev;
  // A key went away: a new object, but holding prev's (shared) value for every key it kept.
  const fresh: Obj = {};
  for (const k in next) fresh[k] = prev[k];
  return fresh;
}
