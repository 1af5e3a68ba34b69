import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';

/**
 * Builds the command line from TypeScript into CommonJS with esbuild, so that `jxmb` starts
 * without compiling anything: out/cli/main.cjs, and beside it the workers it starts (the import
 * parse worker and browser mode's export worker, found through JXMB_PARSE_WORKER and
 * JXMB_EXPORT_WORKER).
 * `npm install` runs it (the `prepare` script); bin/jxmb.js runs it again when the build is
 * missing or older than a source that went into it, so nobody ever builds by hand.
 *
 * It lives beside the code it builds, as electron/build.ts does, and starts from that file's
 * options (the `import.meta.url` rewriting, the parse worker). Unlike the Electron main
 * process, the npm packages of the commands are bundled too: a command line starts once per
 * command, and loading zod, pdfkit or docx from their hundreds of files in node_modules took
 * longer than the command itself. Each command's code (and so each package) still runs only
 * when that command is used: cli/commands load what is heavy with `import()`.
 *
 * Run: `node --import tsx cli/build.ts` (`npm run build:cli`). With `--if-possible` (the
 * `prepare` script), a build that cannot be made — esbuild not installed (`npm install
 * --omit=dev`) — is a notice, not a failed install: bin/jxmb.js then runs the sources.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = path.join(ROOT, 'out', 'cli');
/** What bin/jxmb.js loads; it exports `main` as cli/main.ts does. */
export const CLI_BUNDLE = 'main.cjs';
/**
 * The sources the build was made from, and when: bin/jxmb.js rebuilds when one of them is
 * newer, or gone. Written last, so a build that stopped halfway counts as no build.
 */
export const CLI_MANIFEST = 'build.json';
/** esbuild's metafile of main.cjs. */
export const CLI_METAFILE = 'main.meta.json';

export interface CliManifest {
  /** Time (ms since the epoch) the build started: a source changed after it is newer. */
  readonly builtAt: number;
  /** Paths relative to the project's root. */
  readonly inputs: readonly string[];
}

/**
 * Packages left in node_modules: native code (better-sqlite3), pdf.js (megabytes, loaded only in
 * the parse worker, from its own files), and the tools that build or run TypeScript.
 */
const EXTERNAL = ['better-sqlite3', 'pdfjs-dist', 'tsx', 'esbuild', 'electron', 'node'];

/** This file and the one whose options it reuses: a change to how it builds rebuilds too. */
const BUILD_SCRIPTS = ['cli/build.ts', 'electron/build.ts'];

export async function buildCli(outdir = CLI_OUT_DIR): Promise<CliManifest> {
  // A second's margin: file systems keep mtimes coarser than the clock.
  const builtAt = Date.now() - 1000;
  // Loaded here, not above: without esbuild this module still loads and says so (see the end).
  const { build } = await import('esbuild');
  const { exportWorkerOptions, mainOptions, parseWorkerOptions } =
    await import('../electron/build.ts');
  const main: BuildOptions = {
    ...mainOptions(outdir),
    entryPoints: [path.join(ROOT, 'cli', 'main.ts')],
    outfile: path.join(outdir, CLI_BUNDLE),
  };
  // The workers the commands start (`import`, `rollover`: the parse worker; `web`: the export
  // worker), under the names the bundle looks for them by.
  const entries = [main, parseWorkerOptions(outdir), exportWorkerOptions(outdir)];
  const results = await Promise.all(entries.map((o) => build(withPackages(o, outdir))));
  mkdirSync(outdir, { recursive: true });
  // V8's code for the previous build (bin/jxmb.js keeps it there): of no use any more.
  rmSync(path.join(outdir, 'compile-cache'), { recursive: true, force: true });
  const inputs = new Set(BUILD_SCRIPTS);
  for (const r of results) {
    for (const input of Object.keys(r.metafile.inputs)) {
      // The project's own files (not packages, not the stand-in modules of the plugins below).
      if (!input.startsWith('node_modules/') && existsSync(path.join(ROOT, input))) {
        inputs.add(input);
      }
    }
    // Each file whole or not at all: other `jxmb` processes may be starting from these files
    // (or building them) at this moment.
    for (const f of r.outputFiles) replaceFile(f.path, f.contents);
  }
  // What went into main.cjs and how each part is imported: `jxmb info` must reach no exporter
  // without an `import()` (test/cli/compiled.test.ts reads it; so can esbuild's analyzer).
  replaceFile(path.join(outdir, CLI_METAFILE), JSON.stringify(results[0]!.metafile));
  // A package updated by npm counts as a changed source.
  if (existsSync(path.join(ROOT, 'package-lock.json'))) inputs.add('package-lock.json');
  const manifest: CliManifest = { builtAt, inputs: [...inputs].sort() };
  replaceFile(path.join(outdir, CLI_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** Electron's options for an entry, with the packages bundled in, written in memory. */
function withPackages(
  options: BuildOptions,
  outdir: string,
): BuildOptions & { metafile: true; write: false } {
  return {
    ...options,
    packages: undefined,
    external: EXTERNAL,
    plugins: [...(options.plugins ?? []), packageSources(outdir), noBrotli],
    // Less to read and parse at every start; names are kept, so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    absWorkingDir: ROOT,
    metafile: true,
    write: false,
  };
}

function replaceFile(file: string, contents: Uint8Array | string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

/**
 * How bundled packages are read: `import.meta.url` in them (pdfkit finds its standard fonts with
 * `createRequire(import.meta.url)`) means the package's own file, where it stays in
 * node_modules — computed at run time from the bundle's folder, as electron/build.ts does for
 * the project's own modules; and pdfkit loads two of its parts lazily (PDFKIT_LAZY).
 */
function packageSources(outdir: string): Plugin {
  return {
    name: 'package-sources',
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => {
        let source = await readFile(args.path, 'utf8');
        const pdfkit = /[\\/]node_modules[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/.test(args.path);
        if (!pdfkit && !source.includes('import.meta.url')) return undefined;
        if (pdfkit) {
          for (const [from, to] of PDFKIT_LAZY) {
            if (!source.includes(from)) throw new Error(`pdfkit no longer has \`${from}\``);
            source = source.replace(from, to);
          }
        }
        const rel = path.relative(outdir, args.path).split(path.sep).join('/');
        const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'js' };
      });
    },
  };
}

/**
 * pdfkit imports fontkit (to open font files), linebreak (to wrap paragraphs) and AES (to
 * encrypt) when it is loaded; each builds large tables then (Unicode properties, line-break classes, every font
 * table's layout). The PDF exporter opens a font with fontkit only for characters not in the
 * font cache (templates/export/font-cache.ts) and wraps lines itself, so these are made to load
 * at their first use instead. pdfkit's version is pinned: if these lines change, the build says
 * so rather than silently loading them again.
 */
const PDFKIT_LAZY: [string, string][] = [
  [
    "import { create } from 'fontkit';",
    "const create = (...args) => require('fontkit').create(...args);",
  ],
  [
    // Encryption, which the exporter never asks for.
    "import { cbc, ecb } from '@noble/ciphers/aes';",
    "const cbc = (...args) => require('@noble/ciphers/aes').cbc(...args), ecb = (...args) => require('@noble/ciphers/aes').ecb(...args);",
  ],
  [
    "import LineBreaker from 'linebreak';",
    "const LineBreaker = function (text) { const L = require('linebreak'); return new (L.default ?? L)(text); };",
  ],
];

/**
 * fontkit decodes brotli's 120 KB dictionary when it is loaded, for WOFF2 web fonts only; the
 * fonts a PDF is printed with are TrueType/OpenType files (templates/export/fonts.ts). A WOFF2
 * font given anyway fails to open and the next candidate font is used.
 */
const noBrotli: Plugin = {
  name: 'no-brotli',
  setup(b) {
    b.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, () => ({
      path: 'brotli',
      namespace: 'no-brotli',
    }));
    b.onLoad({ filter: /.*/, namespace: 'no-brotli' }, () => ({
      contents: `module.exports = () => { throw new Error('WOFF2 fonts are not supported'); };`,
      loader: 'js',
    }));
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await buildCli();
  } catch (e) {
    if (!process.argv.includes('--if-possible')) throw e;
    console.warn(
      `注意：未能生成命令行的编译版本（${(e as Error).message.split('\n')[0]}）；jxmb 将直接运行源码，启动会慢一些。`,
    );
  }
}
