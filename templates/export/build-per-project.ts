import type { DocumentData, ProjectData, UnitData } from '../../db/shared/types.ts';
import type { FormBlock, FormCell, PerProjectLayout } from '../layout/types.ts';
import {
  allProjects,
  isAmountField,
  projectFieldText,
  shows,
  type ShowScope,
} from './build-fields.ts';
import { gridTable, projectRows } from './build-grid.ts';
import { documentValues, fillPattern, type PatternValues } from './cells.ts';
import type { Block, Cell, Row, TableBlock } from './model.ts';
import { titleBlocks } from './build-titles.ts';

/**
 * A form per project (the 项目支出绩效目标申报表, or any layout of that kind): for every project,
 * on a new page, the layout's title block, its header blocks, the indicator grid whose header
 * rows repeat on every page it continues on, and its signature blocks, printed as one table.
 * What prints is the layout's data (templates/layout/per-project.ts); nothing here names a
 * field or a label.
 */
export function buildPerProjectBlocks(doc: DocumentData, layout: PerProjectLayout): Block[] {
  const values = documentValues(doc);
  const everyProject = allProjects(doc);
  const blocks: Block[] = [];
  for (const unit of doc.units) {
    for (const project of unit.projects) {
      const scope: ShowScope = { document: everyProject, table: [project] };
      const tables = [...layout.header.filter((b) => shows(b.show, scope))].map((b) =>
        formTable(doc, layout, b, unit, project, values, scope),
      );
      tables.push(
        gridTable(
          doc,
          layout,
          projectRows(doc.tree, unit, project, shows(layout.grid.emptyCategories, scope)),
          scope,
        ),
      );
      for (const b of layout.signature.filter((s) => shows(s.show, scope))) {
        tables.push(formTable(doc, layout, b, unit, project, values, scope));
      }
      blocks.push(
        ...titleBlocks(layout, values, blocks.length > 0),
        ...tables.map((t, i) => (i === 0 ? t : { ...t, joinPrevious: true })),
      );
    }
  }
  if (blocks.length === 0) {
    // Nothing to declare: still a recognisable page rather than an empty file.
    blocks.push(...titleBlocks(layout, values, false), {
      kind: 'paragraph',
      text: '（本表没有项目）',
      font: 'body',
      align: 'center',
      spaceAfter: 0,
    });
  }
  return blocks;
}

/** A header or signature block of one project's form, its rows that show. */
function formTable(
  doc: DocumentData,
  layout: PerProjectLayout,
  block: FormBlock,
  unit: UnitData,
  project: ProjectData,
  values: PatternValues,
  scope: ShowScope,
): TableBlock {
  const rows: Row[] = block.rows
    .filter((row) => shows(row.show, scope))
    .map((row) => {
      const cells = row.cells.map((c) => formCell(doc, layout, c, unit, project, values));
      const first = row.cells[0];
      // A row split across pages names itself again: `项目总体目标（续）`.
      return first !== undefined && 'label' in first
        ? {
            cells,
            continuation: {
              cell: 0,
              text: fillPattern(layout.continuation, { 名称: cells[0]!.text }),
            },
          }
        : { cells };
    });
  return { kind: 'table', widths: block.widths, header: [], rows, spaceAfter: 0 };
}

function formCell(
  doc: DocumentData,
  layout: PerProjectLayout,
  cell: FormCell,
  unit: UnitData,
  project: ProjectData,
  values: PatternValues,
): Cell {
  const spans = {
    ...(cell.colSpan !== undefined && cell.colSpan > 1 ? { colSpan: cell.colSpan } : {}),
    ...(cell.rowSpan !== undefined && cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
  };
  if ('label' in cell) {
    return {
      text: fillPattern(cell.label, values),
      font: 'header',
      align: cell.align ?? 'center',
      verticalAlign: 'center',
      ...spans,
    };
  }
  const text =
    'field' in cell
      ? projectFieldText(cell.field, doc, unit, project, layout.formats)
      : fillPattern(cell.text, values);
  const lines = text === '' ? 0 : text.split('\n').length;
  const padded =
    cell.minLines !== undefined && lines < cell.minLines
      ? '\n'.repeat(cell.minLines - lines - (lines === 0 ? 1 : 0)) + text
      : text;
  const align = cell.align ?? ('field' in cell && isAmountField(cell.field) ? 'right' : 'left');
  return {
    text: padded,
    font: 'body',
    align,
    verticalAlign: layout.table.bodyVerticalAlign,
    ...spans,
  };
}
