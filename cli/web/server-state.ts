import { createHash } from 'node:crypto';
import { removeOrphanTemps, removeTemp, tempPathFor } from '../../db/temp-files.ts';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What lets a page reconnect after its server was restarted: for each document (its real path)
 * or start-page folder, the port and token its last server used. A restarted server on the same
 * key listens at the same address and accepts the same token, so the open page's next request
 * simply succeeds. The token is a secret: the file is readable by its owner only (0600, in a
 * 0700 folder), and a file anyone else could have read or written is not trusted.
 */

export interface ServerAddress {
  readonly port: number;
  readonly token: string;
}

const STATE_FILE = 'web-servers.json';
/** Enough for years of documents; the oldest are forgotten first. */
const MAX_ENTRIES = 200;
/** Ports derived from a key fall in this range, clear of the usual development servers. */
const DERIVED_PORT_BASE = 20_000;
const DERIVED_PORT_SPAN = 20_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

/** The per-user folder for this program's state (JXMB_STATE_DIR overrides, e.g. in tests). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JXMB_STATE_DIR) return path.resolve(env.JXMB_STATE_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'jxmb');
  }
  if (process.platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', 'jxmb');
  }
  const xdg = env.XDG_STATE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'state'), 'jxmb');
}

/** A port for `key` that stays the same from run to run, when the saved one is unusable. */
export function derivedPort(key: string): number {
  const n = createHash('sha256').update(key).digest().readUInt32BE(0);
  return DERIVED_PORT_BASE + (n % DERIVED_PORT_SPAN);
}

interface Entry extends ServerAddress {
  readonly used: string;
}

/** A file another user could read or replace must not hand out tokens. */
function trustworthy(file: string): boolean {
  if (process.platform === 'win32') return true; // %LOCALAPPDATA% is per user
  const s = statSync(file);
  const uid = process.getuid?.();
  return (s.mode & 0o077) === 0 && (uid === undefined || s.uid === uid);
}

function readEntries(dir: string): Record<string, Entry> {
  const file = path.join(dir, STATE_FILE);
  try {
    if (!trustworthy(file)) return {};
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const entries: Record<string, Entry> = {};
    for (const [key, v] of Object.entries(parsed as Record<string, Partial<Entry>>)) {
      if (
        Number.isInteger(v?.port) &&
        v.port! > 0 &&
        v.port! <= 65535 &&
        typeof v.token === 'string' &&
        TOKEN_PATTERN.test(v.token)
      ) {
        entries[key] = { port: v.port!, token: v.token, used: String(v.used ?? '') };
      }
    }
    return entries;
  } catch {
    // Missing, unreadable or damaged: start afresh (the page then needs the new address).
    return {};
  }
}

/** The address the last server on `key` used, if it was saved and can be trusted. */
export function savedAddress(key: string, dir = stateDir()): ServerAddress | undefined {
  const entry = readEntries(dir)[key];
  return entry && { port: entry.port, token: entry.token };
}

/**
 * Remembers the address a server on `key` uses now. Written beside and renamed over, so a
 * second server writing at the same time never leaves half a file. Failing to save only costs
 * the next restart its address: it is reported, not fatal.
 */
export function saveAddress(key: string, address: ServerAddress, dir = stateDir()): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
  const entries = readEntries(dir);
  entries[key] = { ...address, used: new Date().toISOString() };
  const kept = Object.entries(entries)
    .sort(([, a], [, b]) => b.used.localeCompare(a.used))
    .slice(0, MAX_ENTRIES);
  const file = path.join(dir, STATE_FILE);
  // The shared naming lets the next save in this folder remove what a killed server left.
  removeOrphanTemps(dir);
  const temp = tempPathFor(file);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(Object.fromEntries(kept), null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    removeTemp(temp);
    throw e;
  }
}
