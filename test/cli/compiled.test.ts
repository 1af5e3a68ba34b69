import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BUNDLE, CLI_MANIFEST, CLI_METAFILE, type CliManifest } from '../../cli/build.ts';
import { HAS_PANYU, ownFixture, PANYU_FIXTURE, ROOT, tempDir } from '../helpers.ts';

/**
 * The command line runs the JavaScript that cli/build.ts makes, built by the install step or by
 * its first start, never by hand. Each test works on a copy of the project's sources, as a fresh
 * clone would be, whose node_modules lists the real packages but can leave some out: without tsx
 * no TypeScript can run at all, so a command that works there ran the built JavaScript.
 */

const SOURCES = ['bin', 'cli', 'db', 'templates', 'electron', 'package.json', 'tsconfig.json'];
const source = HAS_PANYU ? PANYU_FIXTURE : ownFixture('small-published.txt');

function freshClone(without: string[] = []): string {
  const dir = path.join(tempDir(), 'clone');
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  // Kept as they are, as a checkout's files are older than the `npm install` that follows it.
  for (const s of SOURCES) {
    cpSync(path.join(ROOT, s), path.join(dir, s), { recursive: true, preserveTimestamps: true });
  }
  for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (without.includes(name)) continue;
    symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  return dir;
}

function jxmb(clone: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(clone, 'bin', 'jxmb.js'), ...args], {
    cwd: clone,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const built = (clone: string) => path.join(clone, 'out', 'cli');
const manifest = (clone: string) =>
  JSON.parse(readFileSync(path.join(built(clone), CLI_MANIFEST), 'utf8')) as CliManifest;

describe('the compiled command line', () => {
  it('is built by the install step and is what runs: it works with tsx gone', () => {
    const clone = freshClone();
    expect(existsSync(built(clone))).toBe(false);
    // What `npm install` runs in the project's root.
    const { prepare } = (
      JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const install = spawnSync(prepare!, {
      cwd: clone,
      shell: true,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      },
      timeout: 120_000,
    });
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    expect(existsSync(path.join(built(clone), CLI_BUNDLE))).toBe(true);

    const { builtAt } = manifest(clone);
    rmSync(path.join(clone, 'node_modules', 'tsx'));
    const doc = path.join(clone, '表.jxmb');
    // Importing starts the parse worker: the built one beside the bundle.
    const imported = jxmb(clone, ['import', source, '-o', doc]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const info = jxmb(clone, ['info', doc]);
    expect(info.stderr).toBe('');
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/资金使用单位 \d+ 个，项目 \d+ 个，绩效指标 \d+ 条/);
    const pdf = path.join(clone, '表.pdf');
    const exported = jxmb(clone, ['export', doc, '--pdf', pdf]);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // It ran the build the install step made: nothing was built again.
    expect(manifest(clone).builtAt).toBe(builtAt);
  });

  it('is built at the first start when missing, and again when a source changes', () => {
    const clone = freshClone();
    const first = jxmb(clone, ['--help']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const bundle = path.join(built(clone), CLI_BUNDLE);
    expect(existsSync(bundle)).toBe(true);
    const { builtAt, inputs } = manifest(clone);
    expect(inputs).toContain('cli/commands/info.ts');

    // Started again unchanged: the same build.
    expect(jxmb(clone, ['--help']).status).toBe(0);
    expect(manifest(clone).builtAt).toBe(builtAt);

    // A source edited (as by `git pull`): the next start rebuilds, and runs the new code.
    const info = path.join(clone, 'cli', 'commands', 'info.ts');
    writeFileSync(
      info,
      readFileSync(info, 'utf8').replace("'显示文档摘要'", "'显示文档摘要（新）'"),
    );
    const after = jxmb(clone, ['--help']);
    expect(after.stderr).toBe('');
    expect(after.stdout).toContain('显示文档摘要（新）');
    expect(manifest(clone).builtAt).toBeGreaterThan(builtAt);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(builtAt);
  });

  it('falls back to the sources, saying so on one line, when it cannot be built', () => {
    const clone = freshClone(['esbuild']);
    const doc = path.join(clone, 'a.jxmb');
    const r = jxmb(clone, ['import', source, '-o', doc]);
    expect(r.status).toBe(0);
    expect(existsSync(doc)).toBe(true);
    const notices = r.stderr.split('\n').filter(Boolean);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^注意：命令行的编译版本无法生成（.+），改为直接运行源码/);
  });

  it('loads no exporter, pdf.js or web server before a command asks for it', () => {
    // esbuild's record of the bundle: what cli/main.ts reaches without an `import()` is all that
    // runs when `jxmb` starts (the rest of the bundle is only initialised when imported).
    const clone = freshClone();
    expect(jxmb(clone, ['--help']).status).toBe(0);
    const meta = JSON.parse(readFileSync(path.join(built(clone), CLI_METAFILE), 'utf8')) as {
      inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
    };
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const i of meta.inputs[file]?.imports ?? []) {
        if (i.kind !== 'dynamic-import') visit(i.path);
      }
    };
    visit('cli/main.ts');
    const atStart = [...reached];
    expect(atStart).toContain('cli/commands/info.ts');
    expect(atStart).toContain('db/document.ts');
    const heavy =
      /pdfkit|fontkit|node_modules\/docx\/|pdfjs-dist|templates\/export\/(pdf|docx)|cli\/web\/(server|host)\.ts/;
    expect(atStart.filter((f) => heavy.test(f))).toEqual([]);
    // …and they are in the bundle, for the commands that use them.
    expect(Object.keys(meta.inputs).some((f) => f.includes('node_modules/pdfkit/'))).toBe(true);
    expect(Object.keys(meta.inputs)).toContain('templates/export/pdf.ts');
  });
});
