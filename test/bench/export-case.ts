// One export benchmark case, run in its own process so its peak memory is its own:
//   node --import tsx test/bench/export-case.ts <document> <pdf|docx|pdf-bundled> <layout> <runs>
// Prints one JSON line: the times of each run (ms), pages, bytes, peak resident memory (MB).
import { TargetDocument } from '../../db/document.ts';
import { buildPrintModel, renderDocx, renderPdf } from '../../templates/export/index.ts';
import { layoutById } from '../../templates/layout/index.ts';

const [file = '', format = 'pdf', layoutId = 'official', runsArg = '5'] = process.argv.slice(2);
const opened = TargetDocument.open(file, { readonly: true });
const doc = opened.snapshot();
opened.close();
const layout = layoutById(layoutId);

const times: number[] = [];
let pages = 0;
let bytes = 0;
let font = '';
// The first run is the one a clerk waits for when the program has just started.
for (let i = 0; i < Number(runsArg) + 1; i++) {
  const t0 = performance.now();
  const model = buildPrintModel(doc, layout);
  if (format === 'docx') {
    bytes = (await renderDocx(model)).length;
  } else {
    const r = await renderPdf(model, { fonts: { systemFonts: format !== 'pdf-bundled' } });
    pages = r.pages;
    bytes = r.bytes.length;
    font = r.font;
  }
  times.push(performance.now() - t0);
}
console.log(
  JSON.stringify({ times, pages, bytes, font, peakMB: process.resourceUsage().maxRSS / 1024 }),
);
