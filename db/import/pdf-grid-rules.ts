/**
 * The ruling lines a PDF page draws, from pdf.js's operator list: what the grid of a table is
 * made of. Programs draw a cell's borders in different ways, all read here:
 * - a stroked rectangle per cell (pdfkit, this program's exporter): its four sides;
 * - stroked lines, one per border, often run across several cells (LibreOffice, Word);
 * - thin filled rectangles (LibreOffice and others for thicker borders, many report writers):
 *   a rectangle narrower than MAX_FILLED_RULE is a line along its length.
 * Large filled rectangles are cell shading or the page's background, not borders; curves are
 * not borders either.
 */

/** A horizontal or vertical line, in points, y downwards from the page's top. */
export type Rule =
  | { readonly dir: 'h'; readonly y: number; readonly x0: number; readonly x1: number }
  | { readonly dir: 'v'; readonly x: number; readonly y0: number; readonly y1: number };

/** pdf.js's numbers for the operators read here (they are pdf.js's OPS, passed in). */
export interface PathOps {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly formBegin: number;
  readonly formEnd: number;
  readonly constructPath: number;
  /** Paint operators that stroke the path. */
  readonly stroke: readonly number[];
  /** Paint operators that only fill it. */
  readonly fill: readonly number[];
}

/** pdf.js's path codes inside constructPath's data (DrawOPS). */
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUADRATIC = 3;
const CLOSE = 4;

/** A filled rectangle at most this thick (points) is a drawn line. */
const MAX_FILLED_RULE = 2.5;
/** A side this much off the axis (points over its length) is still horizontal or vertical. */
const SKEW = 0.5;
/** Shorter than this is a dot or a tick, not a border. */
const MIN_LENGTH = 1;

type Matrix = readonly [number, number, number, number, number, number];
type Point = readonly [number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  // m then n (PDF's row-vector convention: p' = p · m · n).
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function apply(m: Matrix, x: number, y: number): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * The page's rules. `toPage` is the viewport's transform (PDF space → y-down page points);
 * the graphics state's transform is followed through save/restore, `cm` and form XObjects.
 */
export function collectRules(
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  ops: PathOps,
  toPage: Matrix,
): Rule[] {
  const rules: Rule[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === ops.transform && args) ctm = multiply(args as unknown as Matrix, ctm);
    else if (fn === ops.formBegin) {
      stack.push(ctm);
      const matrix = args?.[0];
      if (Array.isArray(matrix) && matrix.length === 6)
        ctm = multiply(matrix as unknown as Matrix, ctm);
    } else if (fn === ops.formEnd) ctm = stack.pop() ?? IDENTITY;
    else if (fn === ops.constructPath && args) {
      const paint = args[0] as number;
      const stroked = ops.stroke.includes(paint);
      const filled = ops.fill.includes(paint);
      if (!stroked && !filled) continue;
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!data) continue;
      const toOut = multiply(ctm, toPage);
      for (const sub of subpaths(data)) {
        const points = sub.points.map(([x, y]) => apply(toOut, x, y));
        if (stroked) strokedRules(points, sub.closed, rules);
        else filledRule(points, rules);
      }
    }
  }
  return rules;
}

interface Subpath {
  readonly points: Point[];
  readonly closed: boolean;
  /** Has a curve: not a border. */
  readonly curved: boolean;
}

function subpaths(data: ArrayLike<number>): Subpath[] {
  const out: Subpath[] = [];
  let points: Point[] = [];
  let closed = false;
  let curved = false;
  const flush = () => {
    if (points.length > 1 && !curved) out.push({ points, closed, curved });
    points = [];
    closed = false;
    curved = false;
  };
  for (let i = 0; i < data.length;) {
    const op = data[i++];
    if (op === MOVE) {
      flush();
      points.push([data[i++]!, data[i++]!]);
    } else if (op === LINE) {
      points.push([data[i++]!, data[i++]!]);
    } else if (op === CURVE) {
      curved = true;
      i += 6;
    } else if (op === QUADRATIC) {
      curved = true;
      i += 4;
    } else if (op === CLOSE) {
      closed = true;
      const start = points[0];
      flush();
      // A path goes on from where it was closed.
      if (start) points.push(start);
    } else {
      // Unknown data: stop reading this path rather than misread it.
      break;
    }
  }
  flush();
  return out;
}

function strokedRules(points: readonly Point[], closed: boolean, rules: Rule[]): void {
  const n = points.length;
  const last = closed ? n : n - 1;
  for (let k = 0; k < last; k++) {
    const rule = ruleOf(points[k]!, points[(k + 1) % n]!);
    if (rule) rules.push(rule);
  }
}

function ruleOf([ax, ay]: Point, [bx, by]: Point): Rule | undefined {
  const dx = Math.abs(bx - ax);
  const dy = Math.abs(by - ay);
  if (dy <= SKEW && dx >= MIN_LENGTH) {
    return { dir: 'h', y: (ay + by) / 2, x0: Math.min(ax, bx), x1: Math.max(ax, bx) };
  }
  if (dx <= SKEW && dy >= MIN_LENGTH) {
    return { dir: 'v', x: (ax + bx) / 2, y0: Math.min(ay, by), y1: Math.max(ay, by) };
  }
  return undefined;
}

/** A thin filled axis-aligned rectangle as the line it draws; anything else is not a rule. */
function filledRule(points: readonly Point[], rules: Rule[]): void {
  if (points.length < 4 || points.length > 5) return;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  // Axis-aligned: every corner on the bounding box's corners.
  const onBox = points.every(
    ([x, y]) =>
      (Math.abs(x - x0) <= SKEW || Math.abs(x - x1) <= SKEW) &&
      (Math.abs(y - y0) <= SKEW || Math.abs(y - y1) <= SKEW),
  );
  if (!onBox) return;
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= MAX_FILLED_RULE && w >= MIN_LENGTH && w > h) {
    rules.push({ dir: 'h', y: (y0 + y1) / 2, x0, x1 });
  } else if (w <= MAX_FILLED_RULE && h >= MIN_LENGTH && h > w) {
    rules.push({ dir: 'v', x: (x0 + x1) / 2, y0, y1 });
  }
}
