import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../paths.ts';

/**
 * The page's Content-Security-Policy, as renderer/index.html declares it (Electron loads the
 * page from a file, so the <meta> is where the policy lives): no remote content, no inline or
 * eval'd script, no plugins, no forms or base changes.
 */

function policy(): Map<string, string[]> {
  const html = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  expect(meta, 'renderer/index.html has a CSP <meta>').not.toBeNull();
  return new Map(
    meta![1]!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('Content-Security-Policy of the page', () => {
  it('denies by default and names every source it allows', () => {
    const csp = policy();
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('allows no remote host, no inline or eval’d script anywhere', () => {
    for (const [directive, sources] of policy()) {
      for (const source of sources) {
        expect(source, `${directive} ${source}`).not.toMatch(/^(https?:|wss?:|\*|http)/);
        if (directive.startsWith('script')) {
          expect(source).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|data:|blob:/);
        }
      }
    }
  });
});
