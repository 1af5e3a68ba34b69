import { existsSync, readFileSync, type Stats } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_WORKER_FILE,
  exportWorkerOptions,
  mainOptions,
  PARSE_WORKER_FILE,
  parseWorkerOptions,
} from '../../electron/build.ts';
import { bundledFont } from '../../templates/export/fonts.ts';
import { ROOT } from '../paths.ts';
import { tempDir } from '../helpers.ts';

/**
 * build/electron-builder.yml, checked with electron-builder's own code (its YAML loader, its
 * JSON schema, its file matcher) since `npm run dist` cannot run here (it downloads Electron).
 */

// electron-builder's own modules, from where electron-builder itself finds them.
const builderRequire = createRequire(
  createRequire(path.join(ROOT, 'package.json')).resolve('electron-builder/package.json'),
);
const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
const { load } = libRequire('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = libRequire('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean }): Promise<void>;
};
const { FileMatcher } = libRequire('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns: string[],
  ) => { createFilter(): (file: string, stat: unknown) => boolean };
};

const CONFIG_FILE = path.join(ROOT, 'build', 'electron-builder.yml');

interface Target {
  target: string;
  arch: string[];
}
interface Config {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  fileAssociations: Record<string, string>[];
  electronFuses: Record<string, boolean>;
  win: { target: Target[]; files?: unknown };
  linux: { target: Target[]; category: string; maintainer: string; files?: unknown };
  directories: { output: string };
}

const config = load(readFileSync(CONFIG_FILE, 'utf8')) as Config;

describe('electron-builder config', () => {
  it('is valid for electron-builder (its own schema)', async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
    // The check is real: a misspelt option is refused.
    await expect(
      validateConfiguration({ ...config, fileAsociations: [] }, { isEnabled: false }),
    ).rejects.toThrow(/fileAsociations/);
  });

  it('builds Windows NSIS x64 and Linux deb + AppImage for x64 and arm64', () => {
    expect(config.productName).toBe('绩效目标表编制器');
    expect(config.appId).toMatch(/^[a-z][\w-]*(\.[\w-]+)+$/);
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ]);
    expect(config.linux.category).toBe('Office');
    expect(config.linux.maintainer).toBeTruthy(); // deb refuses to build without one
  });

  it('associates .jxmb with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({
        ext: 'jxmb',
        name: '绩效目标表',
        role: 'Editor',
        mimeType: 'application/x-jxmb', // Linux needs it for the association
      }),
    ]);
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no inspector, asar only and checked, file:// a plain scheme', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app, and the main entry of package.json is in it', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('out/electron/main.cjs');
    expect(config.files).toEqual(
      expect.arrayContaining(['out/**/*', 'templates/trees/*.json', 'package.json']),
    );
    expect(pkg.scripts.dist).toContain('build/electron-builder.yml');
    // Platform-level `files` replace the top-level list in electron-builder (measured: the whole
    // project ended up in the package), so there must be none.
    expect(config.win.files).toBeUndefined();
    expect(config.linux.files).toBeUndefined();
    expect(config.directories.output).toBe('release');
  });
});

describe('what node_modules the package carries', () => {
  const excludes = config.files.filter((p) => p.startsWith('!'));
  /** electron-builder's decision for a file under node_modules (as NodeModuleCopyHelper asks). */
  const shipped = (packageDir: string, file: string) => {
    const relDir = path.relative(ROOT, packageDir).split(path.sep).join('/');
    const matcher = new FileMatcher(packageDir, '/app', (s) => s, ['**/*', ...excludes]);
    const stat = {
      isDirectory: () => false,
      moduleFullFilePath: `${relDir}/${file}`,
    } as unknown as Stats;
    return matcher.createFilter()(path.join(packageDir, file), stat);
  };

  const pkgJson = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
  const resolveFrom = (name: string, from: string): string | undefined => {
    for (let d = from; d.startsWith(ROOT); d = path.dirname(d)) {
      const candidate = path.join(d, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (d === ROOT) break;
    }
    return undefined;
  };
  /** Package folders reachable from `names` as Node resolves them (optional ones if present). */
  const closure = (names: string[]) => {
    const seen = new Set<string>();
    const queue = names.map((n) => [n, ROOT] as const);
    for (let next = queue.pop(); next; next = queue.pop()) {
      const dir = resolveFrom(next[0], next[1]);
      if (!dir || seen.has(dir)) continue;
      seen.add(dir);
      const p = pkgJson(dir);
      for (const dep of Object.keys({ ...p.dependencies, ...p.optionalDependencies })) {
        queue.push([dep, dir]);
      }
    }
    return seen;
  };

  // What the main process loads: the packages its bundle (and the bundles of its parse and
  // export worker threads) requires or imports, and the font package, whose files
  // templates/export/fonts.ts reads.
  let runtime = new Set<string>();
  beforeAll(async () => {
    const outdir = tempDir();
    const quiet = { sourcemap: false, logLevel: 'silent' } as const;
    await build({ ...mainOptions(outdir), ...quiet });
    await build({ ...parseWorkerOptions(outdir), ...quiet });
    await build({ ...exportWorkerOptions(outdir), ...quiet });
    const bundle = ['main.cjs', PARSE_WORKER_FILE, EXPORT_WORKER_FILE]
      .map((f) => readFileSync(path.join(outdir, f), 'utf8'))
      .join('\n');
    const builtins = new Set(builtinModules);
    const required = [...bundle.matchAll(/\b(?:require|import)\("([^"]+)"\)/g)]
      .map((m) => m[1]!)
      .filter((s) => s !== 'electron' && !s.startsWith('node:') && !builtins.has(s))
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    expect(required).toContain('better-sqlite3');
    runtime = closure([...new Set(required), '@expo-google-fonts/noto-serif-sc']);
  });

  it('every package the main process loads is shipped', () => {
    for (const dir of runtime) {
      expect(shipped(dir, 'package.json'), path.relative(ROOT, dir)).toBe(true);
    }
    expect(
      shipped(path.join(ROOT, 'node_modules', 'better-sqlite3'), 'prebuilds/linux-arm64.node'),
    ).toBe(true);
  });

  it('every other production dependency is left out (a new one must be placed: here or there)', () => {
    const production = closure(Object.keys(pkgJson(ROOT).dependencies ?? {}));
    const extra = [...production].filter((dir) => !runtime.has(dir));
    expect(extra.length).toBeGreaterThan(0);
    for (const dir of extra) {
      expect(shipped(dir, 'package.json'), `${path.relative(ROOT, dir)} is shipped`).toBe(false);
    }
  });

  it('ships the two faces of the bundled font the PDF uses, not the six others', () => {
    const font = bundledFont();
    const fontDir = path.join(ROOT, 'node_modules', '@expo-google-fonts', 'noto-serif-sc');
    const used = [font.regular.file, font.bold!.file].map((f) => path.relative(fontDir, f));
    for (const f of used) expect(shipped(fontDir, f.split(path.sep).join('/')), f).toBe(true);
    expect(shipped(fontDir, '300Light/NotoSerifSC_300Light.ttf')).toBe(false);
    expect(shipped(fontDir, '900Black/NotoSerifSC_900Black.ttf')).toBe(false);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3/prebuilds/**',
        'node_modules/@expo-google-fonts/noto-serif-sc/*/*.ttf',
      ]),
    );
  });
});
