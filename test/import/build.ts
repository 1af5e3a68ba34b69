import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import type { DocumentData } from '../../db/shared/types.ts';
import { tempDir } from '../helpers.ts';

/** Imports a text file into a real document file and returns its snapshot. */
export function importToSnapshot(textFile: string): {
  snapshot: DocumentData;
  notes: ReturnType<typeof importPublishedText>['notes'];
  file: string;
} {
  const { draft, notes } = importPublishedText(readFileSync(textFile, 'utf8'));
  const file = path.join(tempDir(), 'imported.jxmb');
  writeDraft(draft, file);
  const doc = TargetDocument.open(file, { readonly: true });
  try {
    return { snapshot: doc.snapshot(), notes, file };
  } finally {
    doc.close();
  }
}

export function countIndicators(d: DocumentData): number {
  return d.units.reduce((n, u) => n + u.projects.reduce((m, p) => m + p.indicators.length, 0), 0);
}
