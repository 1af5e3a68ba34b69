import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedPort, saveAddress, savedAddress, stateDir } from '../../cli/web/server-state.ts';
import { tempDir } from '../helpers.ts';

/** The remembered address of each document's server: private, and never trusted when not. */

const TOKEN = 'a'.repeat(32);

describe('server state file', () => {
  it('remembers port and token per key, readable by the user only', () => {
    const dir = path.join(tempDir(), 'jxmb');
    saveAddress('/docs/甲.jxmb', { port: 30001, token: TOKEN }, dir);
    saveAddress('/docs', { port: 30002, token: 'b'.repeat(32) }, dir);
    expect(savedAddress('/docs/甲.jxmb', dir)).toEqual({ port: 30001, token: TOKEN });
    expect(savedAddress('/docs', dir)?.port).toBe(30002);
    expect(savedAddress('/docs/乙.jxmb', dir)).toBeUndefined();
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dir, 'web-servers.json')).mode & 0o777).toBe(0o600);
    }
  });

  it.skipIf(process.platform === 'win32')(
    'ignores a file others could read, and a damaged one',
    () => {
      const dir = path.join(tempDir(), 'jxmb');
      saveAddress('/docs/甲.jxmb', { port: 30001, token: TOKEN }, dir);
      const file = path.join(dir, 'web-servers.json');
      chmodSync(file, 0o644);
      expect(savedAddress('/docs/甲.jxmb', dir)).toBeUndefined();
      // Saving again makes it private again (and keeps nothing from the untrusted file).
      saveAddress('/docs/乙.jxmb', { port: 30003, token: TOKEN }, dir);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(savedAddress('/docs/甲.jxmb', dir)).toBeUndefined();
      writeFileSync(file, '{"/docs/乙.jxmb": {"port": 99999, "token": "短"}', { mode: 0o600 });
      expect(savedAddress('/docs/乙.jxmb', dir)).toBeUndefined();
      writeFileSync(file, '{"/docs/乙.jxmb": {"port": 99999, "token": "短"}}');
      expect(savedAddress('/docs/乙.jxmb', dir)).toBeUndefined();
      expect(readFileSync(file, 'utf8')).toContain('99999');
    },
  );

  it('derives a stable port in the high range from the key', () => {
    const a = derivedPort('/docs/甲.jxmb');
    expect(a).toBe(derivedPort('/docs/甲.jxmb'));
    expect(a).toBeGreaterThanOrEqual(20_000);
    expect(a).toBeLessThan(40_000);
    expect(derivedPort('/docs/乙.jxmb')).not.toBe(a);
  });

  it('lives under JXMB_STATE_DIR, else the platform per-user state folder', () => {
    expect(stateDir({ JXMB_STATE_DIR: '/x/y' })).toBe(path.resolve('/x/y'));
    if (process.platform === 'linux') {
      expect(stateDir({ XDG_STATE_HOME: '/s' })).toBe('/s/jxmb');
      expect(stateDir({})).toMatch(/\.local\/state\/jxmb$/);
    }
  });
});
