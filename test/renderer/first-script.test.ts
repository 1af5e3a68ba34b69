import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRenderer, STATIC } from '../web/web-process.ts';

/*
 * The built page (out/renderer) asks the host for the document with a first script that is
 * small and runs as soon as it has arrived, while the browser fetches the rest of the page (React,
 * antd, the editor, antd's styles) alongside it: the host prepares its answer while that code
 * loads and starts (renderer/src/main.tsx, renderer/vite.config.ts). One big script asked only
 * once all of it had been parsed and run.
 */

/** Far below React (react-dom alone is over 100 KB minified), above the wire's few KB. */
const FIRST_SCRIPT_MAX_BYTES = 32 * 1024;

let html = '';
beforeAll(() => {
  ensureRenderer();
  html = readFileSync(path.join(STATIC, 'index.html'), 'utf8');
});

function tags(name: string): Map<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map(
    (m) =>
      new Map(
        [...m[1]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? ''] as const),
      ),
  );
}

const asset = (href: string) => path.join(STATIC, href.replace(/^\.\//, ''));

describe('the page’s first script', () => {
  it('is one small module script, run as soon as it arrives', () => {
    const scripts = tags('script');
    expect(scripts).toHaveLength(1);
    const script = scripts[0]!;
    expect(script.get('type')).toBe('module');
    expect(script.has('async')).toBe(true);
    const size = statSync(asset(script.get('src')!)).size;
    expect(size).toBeLessThanOrEqual(FIRST_SCRIPT_MAX_BYTES);
    // It is the one that asks for the document.
    expect(readFileSync(asset(script.get('src')!), 'utf8')).toContain('currentDocument');
  });

  it('has the rest of the page and its styles fetched from the start', () => {
    const entry = readFileSync(asset(tags('script')[0]!.get('src')!), 'utf8');
    const links = tags('link');
    const preloaded = new Set(
      links
        .filter((l) => l.get('rel') === 'modulepreload' || l.get('rel') === 'preload')
        .map((l) => path.basename(l.get('href')!)),
    );
    // Every chunk the first script imports, at once (not the dialogs loaded later).
    const imported = [...entry.matchAll(/import\(`\.\/([\w.-]+\.js)`\)/g)].map((m) => m[1]!);
    expect(imported.length).toBeGreaterThan(0);
    for (const file of imported) expect(preloaded).toContain(file);
    // antd's styles: preloaded, and not a stylesheet the first script would wait for.
    const big = links.filter(
      (l) => l.get('href')?.endsWith('.css') && statSync(asset(l.get('href')!)).size > 100_000,
    );
    expect(big.length).toBeGreaterThan(0);
    for (const l of big) {
      expect(l.get('rel')).toBe('preload');
      expect(l.get('as')).toBe('style');
    }
  });
});
