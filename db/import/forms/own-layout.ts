import { perProject } from '../../../templates/layout/per-project.ts';
import type { GridColumn } from '../../../templates/layout/types.ts';
import type { GridHeader } from './indicator-grid.ts';

/**
 * The 申报表 this program prints (templates/layout/per-project.ts), recognised by its indicator
 * table's column heads. Read back (由上年文件新建 from our own PDF), its values are taken as
 * printed: a cell becomes a structured value only when that value prints as the cell did, so the
 * document read back prints the same table. Other regions' forms are read by the general rule.
 */
export function isOwnPerProjectLayout(header: GridHeader): boolean {
  const l = header.labels;
  const same = (printed: string | undefined, field: GridColumn['field']) => {
    const head = headerOf(field);
    return head !== undefined && printed?.replace(/\s+/gu, '') === head;
  };
  return (
    same(l.level1, 'level1') &&
    same(l.level2, 'level2') &&
    same(l.level3, 'name') &&
    same(l.cycle, 'cycleValue') &&
    same(l.annual, 'annualValue') &&
    (l.weight === undefined || same(l.weight, 'weight')) &&
    (l.basis === undefined || same(l.basis, 'basis'))
  );
}

/** The head the layout prints over a field's whole column (not over one part of a value). */
function headerOf(field: GridColumn['field']): string | undefined {
  return perProject.grid.columns.find((c) => c.field === field && c.part === undefined)?.header;
}

/** `计划标准：依据文件`: the separator the layout prints between 依据's kind and words. */
export const BASIS_SEPARATOR = perProject.formats.basisSeparator;
