import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../cli/web/security.ts';
import { APP_INDEX_URL, handleAppRequest } from '../../electron/app-protocol.ts';
import { ROOT } from '../paths.ts';

/**
 * The page's Content-Security-Policy, as renderer/index.html declares it and as the app's
 * protocol (Electron) and browser mode's server send it as a header: no remote content, no
 * inline or eval'd script, no plugins, no forms or base changes.
 */

function metaPolicy(): string {
  const html = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  expect(meta, 'renderer/index.html has a CSP <meta>').not.toBeNull();
  return meta![1]!;
}

function parse(text: string): Map<string, string[]> {
  return new Map(
    text
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function policy(): Map<string, string[]> {
  return parse(metaPolicy());
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

  it('the header the app’s protocol sends is the <meta>’s policy, and forbids framing too', async () => {
    const res = await handleAppRequest(path.join(ROOT, 'renderer'), {
      method: 'GET',
      url: APP_INDEX_URL,
    });
    const header = res.headers.get('content-security-policy');
    expect(header).toBe(CONTENT_SECURITY_POLICY);
    const sent = parse(header!);
    // frame-ancestors is ignored in a <meta>: only the header can say it.
    expect(sent.get('frame-ancestors')).toEqual(["'none'"]);
    sent.delete('frame-ancestors');
    expect(sent).toEqual(policy());
  });
});
