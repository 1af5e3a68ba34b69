import type { DocumentData } from '../../db/shared/types.ts';
import type { PerRowLayout } from '../layout/types.ts';
import { allProjects, shows, type ShowScope } from './build-fields.ts';
import { gridTable, projectRows } from './build-grid.ts';
import { titleBlocks } from './build-titles.ts';
import { documentValues } from './cells.ts';
import type { Block } from './model.ts';

/**
 * One table for the whole document, one row per indicator (templates/layout/per-row.ts): the
 * title, the 部门名称 line, then every unit's projects in order, each project's own cells merged
 * down over its rows. A project with no indicator still has its row; a unit with no project has
 * nothing to print.
 */
export function buildPerRowBlocks(doc: DocumentData, layout: PerRowLayout): Block[] {
  const projects = allProjects(doc);
  const scope: ShowScope = { document: projects, table: projects };
  const empty = shows(layout.grid.emptyCategories, scope);
  const rows = doc.units.flatMap((unit) =>
    unit.projects.flatMap((project) => projectRows(doc.tree, unit, project, empty)),
  );
  return [...titleBlocks(layout, documentValues(doc), false), gridTable(doc, layout, rows, scope)];
}
