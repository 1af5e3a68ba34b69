import type { PageSpec } from '../layout/types.ts';

/** Layouts measure in millimetres; PDF in points (1/72 in); Word in twips (1/20 pt). */
export const mmToPt = (mm: number): number => (mm * 72) / 25.4;
export const mmToTwip = (mm: number): number => Math.round((mm * 1440) / 25.4);
export const ptToHalfPoints = (pt: number): number => Math.round(pt * 2);

/** A4 portrait in mm; landscape swaps the sides. */
const A4 = { width: 210, height: 297 } as const;

export function pageSizeMm(page: PageSpec): [number, number] {
  return page.orientation === 'landscape' ? [A4.height, A4.width] : [A4.width, A4.height];
}

export function pageSizePt(page: PageSpec): [number, number] {
  const [w, h] = pageSizeMm(page);
  return [mmToPt(w), mmToPt(h)];
}
