// `npm run bench`: the project's figures, measured on this machine. Each section prints a table.
import { benchEditor } from './editor.ts';
import { benchExport } from './export.ts';
import { benchImport } from './import.ts';

const sections: [string, () => void | Promise<void>][] = [
  ['import', benchImport],
  ['export', benchExport],
  ['editor', benchEditor],
];

for (const [name, run] of sections) {
  const only = process.argv[2];
  if (only && only !== name) continue;
  await run();
}
