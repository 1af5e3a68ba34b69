/**
 * Damaged copies of the inputs a table comes in (published text, PDF, JSON), each from a seed so
 * that a failing case can be made again: see fuzz.test.ts.
 */

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deletes, duplicates and truncates random lines, as a careless copy out of a PDF would. */
export function damage(text: string, seed: number): string {
  const random = rng(seed);
  const lines = text.split('\n');
  const edits = 1 + Math.floor(random() * 6);
  for (let k = 0; k < edits; k++) {
    const i = Math.floor(random() * lines.length);
    const what = random();
    if (what < 0.35) lines.splice(i, 1);
    else if (what < 0.6) lines.splice(i, 0, lines[i] ?? '');
    else if (what < 0.9) lines[i] = (lines[i] ?? '').slice(0, Math.floor(random() * 30));
    else lines.length = i; // the copy stopped here
  }
  return lines.join('\n');
}

/** Flips, replaces, deletes or duplicates bytes, changes numbers, or cuts the file short. */
export function damagePdf(pdf: Buffer, seed: number): Buffer {
  const random = rng(seed);
  let bytes = Buffer.from(pdf);
  const at = () => Math.floor(random() * bytes.length);
  const edits = 1 + Math.floor(random() * 4);
  for (let k = 0; k < edits; k++) {
    const what = random();
    if (what < 0.25) {
      const i = at();
      bytes[i] = bytes[i]! ^ (1 << Math.floor(random() * 8));
    } else if (what < 0.5) {
      // A number in the file's structure (object numbers, offsets, lengths) changed.
      const text = bytes.toString('latin1');
      const numbers = [...text.matchAll(/\b\d+\b/gu)];
      const m = numbers[Math.floor(random() * numbers.length)];
      if (!m) continue;
      const n = String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 6))));
      bytes = Buffer.from(text.slice(0, m.index) + n + text.slice(m.index + m[0].length), 'latin1');
    } else if (what < 0.65) {
      const i = at();
      bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1 + Math.floor(at() / 100))]);
    } else if (what < 0.8) {
      const i = at();
      const len = 1 + Math.floor(random() * 2000);
      bytes = Buffer.concat([bytes.subarray(0, i + len), bytes.subarray(i)]);
    } else if (what < 0.9) {
      const i = at();
      for (let j = i; j < Math.min(bytes.length, i + 64); j++)
        bytes[j] = Math.floor(random() * 256);
    } else {
      bytes = bytes.subarray(0, Math.max(8, at()));
    }
  }
  return bytes;
}

// ---- JSON ----------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function pathsOf(value: Json, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  }
  return out;
}

function parentOf(root: Json, p: Path): Record<string | number, Json> {
  let v = root as Record<string | number, Json>;
  for (const key of p.slice(0, -1)) v = v[key] as Record<string | number, Json>;
  return v;
}

const DEEP = '"\u0000deep\u0000"';

/** Deletes keys, changes types, puts huge numbers and strings, deep nesting; or cuts the text. */
export function damageJson(json: string, seed: number): string {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const root = JSON.parse(json) as Json;
  const edits = 1 + Math.floor(random() * 3);
  let deep = 0;
  for (let k = 0; k < edits; k++) {
    const p = pick(pathsOf(root));
    const parent = parentOf(root, p);
    const key = p[p.length - 1]!;
    const what = random();
    if (what < 0.2) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (what < 0.4) {
      const old = parent[key];
      parent[key] = pick<Json>([
        typeof old === 'string' ? Number(old) || 7 : String(old),
        null,
        [],
        {},
        true,
        -1,
        1.5,
      ]);
    } else if (what < 0.55) {
      parent[key] = pick<Json>([
        1e308,
        -1e308,
        1e16,
        Number.MAX_SAFE_INTEGER + 2,
        '9'.repeat(400),
        '99999999999999.99',
        '-0.01',
        '1e5',
      ]);
    } else if (what < 0.7) {
      const size = 1 + Math.floor(random() * 4 * 1024 * 1024);
      parent[key] = pick(['x', '中', '\u0000', '\uD800', '😀']).repeat(size);
    } else if (what < 0.8) {
      parent[key] = DEEP;
      deep = 1000 + Math.floor(random() * 200_000);
    } else if (what < 0.9 && Array.isArray(parent)) {
      // The same unit, project or indicator twice, or a hundred times.
      const n = pick([1, 100]);
      parent.splice(key as number, 0, ...Array.from({ length: n }, () => parent[key]!));
    } else {
      return JSON.stringify(root).slice(0, Math.floor(random() * json.length));
    }
  }
  let text = JSON.stringify(root);
  if (deep > 0) {
    text = text.replace(JSON.stringify(DEEP), '['.repeat(deep) + ']'.repeat(deep));
  }
  return text;
}
