import { readFileSync } from 'node:fs';
import { importPublishedText, type TableDraft } from '../../db/import/index.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE } from '../paths.ts';

/** The published fixture (or the project's own small table where it is absent), as a draft. */
export function fixtureDraft(): { draft: TableDraft; source: string } {
  const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
  return { draft: importPublishedText(readFileSync(source, 'utf8')).draft, source };
}

/** The fixture's units ten times over, each copy named apart: 510 projects, 2730 indicators. */
export function timesTen(draft: TableDraft): TableDraft {
  const units = [];
  for (let k = 1; k <= 10; k++) {
    units.push(...draft.units.map((u) => ({ ...u, name: `${u.name}（第${k}组）` })));
  }
  return { ...draft, units };
}
