/**
 * The name of a pasted project: `<name>（副本）`, or `（副本2）`, `（副本3）`… when that is taken.
 * A copy of a copy is numbered on from its original's name rather than growing a second suffix.
 */

const COPY_SUFFIX = /（副本(\d*)）$/u;

/** The name without a trailing `（副本）` / `（副本N）`. */
export function copyBase(name: string): string {
  return name.trim().replace(COPY_SUFFIX, '');
}

/** The first `<base>（副本[N]）` not in `taken` (compared trimmed). */
export function copyName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((t) => t.trim()));
  const base = copyBase(name);
  for (let n = 1; ; n++) {
    const candidate = `${base}（副本${n === 1 ? '' : n}）`;
    if (!used.has(candidate)) return candidate;
  }
}

/** How many indicators one paste may carry (a project has a few dozen at most). */
export const MAX_PASTED_INDICATORS = 1000;
