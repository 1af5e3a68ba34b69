import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/**
 * Builds the Electron main process and preload from TypeScript into CommonJS with esbuild:
 * out/electron/main.cjs and out/electron/preload.cjs (the page is built by `npm run
 * build:renderer` into out/renderer). Run: `node --import tsx electron/build.ts`.
 *
 * - main: the project's own code is bundled; npm packages stay external and are loaded from
 *   node_modules at run time (better-sqlite3 is native, pdfkit reads its own data files, the
 *   font package is read as files).
 * - parse worker: db/import/parse-worker.ts, the thread in which published text and PDF are
 *   parsed (db/import/isolated.ts), built beside main the same way; main finds it by the name
 *   given to it here (JXMB_PARSE_WORKER).
 * - export worker: templates/export/worker/export-worker.ts, the thread in which PDF and Word
 *   exports are rendered (templates/export/worker/renderer.ts), built beside main the same way
 *   and found by the name given here (JXMB_EXPORT_WORKER).
 * - preload: bundled whole. A sandboxed preload can require nothing but 'electron'; the tests
 *   check that the bundle requires nothing else.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'out', 'electron');

/**
 * `import.meta.url` does not exist in CommonJS. The project's modules use it to find files
 * beside their source (db/tree.ts: templates/trees; templates/export/fonts.ts: node_modules).
 * Each module's own `import.meta.url` becomes the URL its source file would have, computed
 * from the bundle's own folder at run time — so the bundle finds those files wherever the app
 * is installed, as long as it keeps the project's layout (out/electron/…, templates/…,
 * node_modules/…), which the packaged app does.
 */
/**
 * Defined in the bundle's banner, outside every module, so no module's own `require` (e.g.
 * fonts.ts's createRequire) can shadow the one it uses.
 */
const FILE_URL_HELPER = '__jxmbSourceUrl';
const FILE_URL_BANNER = `'use strict';\nconst ${FILE_URL_HELPER} = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;`;

export function importMetaUrlPlugin(outdir: string): Plugin {
  return {
    name: 'import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
        const rel = path.relative(outdir, args.path).split(path.sep).join('/');
        const url = `${FILE_URL_HELPER}(${JSON.stringify(rel)})`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/** The parse worker's file beside main.cjs; see db/import/isolated.ts. */
export const PARSE_WORKER_FILE = 'parse-worker.cjs';

/** The export worker's file beside main.cjs; see templates/export/worker/renderer.ts. */
export const EXPORT_WORKER_FILE = 'export-worker.cjs';

export function mainOptions(outdir = OUT_DIR): BuildOptions {
  return nodeBundle(path.join(ROOT, 'electron', 'main.ts'), path.join(outdir, 'main.cjs'), outdir);
}

export function parseWorkerOptions(outdir = OUT_DIR): BuildOptions {
  return nodeBundle(
    path.join(ROOT, 'db', 'import', 'parse-worker.ts'),
    path.join(outdir, PARSE_WORKER_FILE),
    outdir,
  );
}

export function exportWorkerOptions(outdir = OUT_DIR): BuildOptions {
  return nodeBundle(
    path.join(ROOT, 'templates', 'export', 'worker', 'export-worker.ts'),
    path.join(outdir, EXPORT_WORKER_FILE),
    outdir,
  );
}

function nodeBundle(entry: string, outfile: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    define: {
      JXMB_PARSE_WORKER: JSON.stringify(PARSE_WORKER_FILE),
      JXMB_EXPORT_WORKER: JSON.stringify(EXPORT_WORKER_FILE),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    external: ['electron'],
    plugins: [importMetaUrlPlugin(outdir)],
    banner: { js: FILE_URL_BANNER },
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}

export function preloadOptions(outdir = OUT_DIR): BuildOptions {
  return {
    entryPoints: [path.join(ROOT, 'electron', 'preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    sourcemap: 'inline',
    logLevel: 'warning',
  };
}

export async function buildElectron(outdir = OUT_DIR): Promise<void> {
  await Promise.all([
    build(mainOptions(outdir)),
    build(parseWorkerOptions(outdir)),
    build(exportWorkerOptions(outdir)),
    build(preloadOptions(outdir)),
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildElectron();
}
