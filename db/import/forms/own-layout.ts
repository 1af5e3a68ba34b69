import { perProject } from '../../../templates/layout/per-project.ts';
import type { GridHeader } from './indicator-grid.ts';

/**
 * The 申报表 this program prints (templates/layout/per-project.ts), recognised by its indicator
 * table's column heads. Read back (由上年文件新建 from our own PDF), its values are taken as
 * printed: a cell becomes a structured value only when that value prints as the cell did, so the
 * document read back prints the same table. Other regions' forms are read by the general rule.
 */
export function isOwnPerProjectLayout(header: GridHeader): boolean {
  const { columns: c, optionalColumns: o } = perProject;
  const l = header.labels;
  const same = (printed: string | undefined, spec: { header: string }) =>
    printed?.replace(/\s+/gu, '') === spec.header;
  return (
    same(l.level1, c.level1) &&
    same(l.level2, c.level2) &&
    same(l.level3, c.name) &&
    same(l.cycle, c.cycleValue) &&
    same(l.annual, c.annualValue) &&
    (l.weight === undefined || same(l.weight, o.weight)) &&
    (l.basis === undefined || same(l.basis, o.basis))
  );
}

/** `计划标准：依据文件`: the separator the layout prints between 依据's kind and words. */
export const BASIS_SEPARATOR = perProject.labels.basisSeparator;
