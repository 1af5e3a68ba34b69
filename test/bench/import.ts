import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkDocument } from '../../db/shared/check/index.ts';
import { TargetDocument } from '../../db/document.ts';
import { importPublishedText, writeDraft } from '../../db/import/index.ts';
import { dumpToString, loadDocumentJson } from '../../db/interchange.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE } from '../paths.ts';
import { ms, row, time } from './measure.ts';

/** Import, check and JSON round trip of the published fixture. */
export function benchImport(): void {
  const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');
  const text = readFileSync(source, 'utf8');
  const dir = mkdtempSync(path.join(tmpdir(), 'jxmb-bench-'));
  const runs = 15;
  try {
    let n = 0;
    const file = () => path.join(dir, `b${n++}.jxmb`);
    const parse = time(runs, () => importPublishedText(text));
    const full = time(runs, () => writeDraft(importPublishedText(text).draft, file()));
    const target = file();
    writeDraft(importPublishedText(text).draft, target);
    const doc = TargetDocument.open(target, { readonly: true });
    const snapshot = time(runs, () => doc.snapshot());
    const data = doc.snapshot();
    doc.close();
    const check = time(runs, () => checkDocument(data));
    const json = dumpToString(data);
    const load = time(runs, () => writeDraft(loadDocumentJson(JSON.parse(json)), file()));

    console.log(`\n## Import (${path.basename(source)}, median of ${runs} runs)\n`);
    console.log(row(['step', 'median', 'min', 'max']));
    console.log(row(['---', '---', '---', '---']));
    for (const [name, t] of [
      ['parse published text', parse],
      ['import: parse + write document file', full],
      ['open snapshot (whole document)', snapshot],
      ['check (all rules)', check],
      ['load JSON + write document file', load],
    ] as const) {
      console.log(row([name, ms(t.median), ms(t.min), ms(t.max)]));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
