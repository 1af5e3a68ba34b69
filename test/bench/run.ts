// `npm run bench`: the project's figures, measured on this machine. Each section prints a table.
import { benchCli } from './cli.ts';
import { benchEditor } from './editor.ts';
import { benchExport } from './export.ts';
import { benchExportMain } from './export-main.ts';
import { benchExportWorker } from './export-worker.ts';
import { benchImport } from './import.ts';
import { benchSuggest } from './suggest.ts';
import { benchFind } from './find.ts';
import { benchGrid } from './grid.ts';

const sections: [string, () => void | Promise<void>][] = [
  ['import', benchImport],
  ['export', benchExport],
  ['export-worker', benchExportWorker],
  ['export-main', benchExportMain],
  ['editor', benchEditor],
  ['cli', benchCli],
  ['suggest', benchSuggest],
  ['find', benchFind],
  ['grid', benchGrid],
];

for (const [name, run] of sections) {
  const only = process.argv[2];
  if (only && only !== name) continue;
  await run();
}
