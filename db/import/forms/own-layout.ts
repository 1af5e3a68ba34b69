import { perProject } from '../../../templates/layout/per-project.ts';
import type { GridHeader } from './indicator-grid.ts';

/**
 * The 申报表 this program prints (templates/layout/per-project.ts), recognised by its indicator
 * grid's column heads. Read back (由上年文件新建 from our own PDF), its values are taken as
 * printed: a cell becomes a structured value only when that value prints as the cell did, so the
 * document read back prints the same table. Other regions' forms are read by the general rule.
 */

const COLUMNS = perProject.grid.columns;

/** The head the layout prints over a column of this field (the merged value's, not a part's). */
function headOf(field: string): string | undefined {
  return COLUMNS.find((c) => c.field === field && c.part === undefined)?.header;
}

export function isOwnPerProjectLayout(header: GridHeader): boolean {
  const l = header.labels;
  const same = (printed: string | undefined, field: string) =>
    printed?.replace(/\s+/gu, '') === headOf(field);
  const optional = (printed: string | undefined, field: string) =>
    printed === undefined || same(printed, field);
  return (
    same(l.level1, 'level1') &&
    same(l.level2, 'level2') &&
    same(l.level3, 'name') &&
    same(l.cycle, 'cycleValue') &&
    same(l.annual, 'annualValue') &&
    optional(l.weight, 'weight') &&
    optional(l.basis, 'basis') &&
    optional(l.explanation, 'explanation')
  );
}

/** `计划标准：依据文件`: the separator the layout prints between 依据's kind and words. */
export const BASIS_SEPARATOR = perProject.formats.basisSeparator;
