import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadHostReachable, electronBinary, NO_ELECTRON } from '../../electron/binary.ts';
import { ROOT } from '../paths.ts';

const HAS_ELECTRON = electronBinary() !== undefined;

describe('npm start without Electron', () => {
  it.skipIf(HAS_ELECTRON)('says so in one line, within seconds, and points to browser mode', () => {
    const started = Date.now();
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'electron', 'start.ts')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        // No download attempt: deterministic whatever the network (start.ts tries once, briefly).
        env: { ...process.env, JXMB_NO_ELECTRON_DOWNLOAD: '1' },
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([NO_ELECTRON]);
    expect(NO_ELECTRON).toContain('npm run web');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('an unreachable download host is detected quickly', async () => {
    const started = Date.now();
    expect(await downloadHostReachable({ ELECTRON_MIRROR: 'http://127.0.0.1:9/' }, 3000)).toBe(
      false,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
