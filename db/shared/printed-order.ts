import type { IndicatorData, ProjectData } from './types.ts';

/**
 * A project's indicators in printed order: by category (the position of the second-level
 * category in the document's tree), and within a category in the clerk's own order. The table
 * prints them numbered from 1 in this order, so the editor, the checks (a finding names the
 * printed number) and the exporters all take it from here.
 */
export function printedIndicators(project: ProjectData): IndicatorData[] {
  // Array.prototype.sort is stable, so equal categories keep the clerk's order.
  return [...project.indicators].sort((a, b) => a.categoryOrder - b.categoryOrder);
}
