import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/**
 * The process the kill tests SIGKILL while it writes files. Usage:
 *   node --import tsx kill-task-child.ts [--slow] cli <command line…>
 *   node --import tsx kill-task-child.ts [--slow] open <document>
 * then any line on stdin to start.
 *
 * `cli` runs the command line's main() in this process, exactly as bin/jxmb.js does once it is
 * on Node 22 (export, import, load, rollover…). `open` opens a document for editing as a window
 * does (EditorSession.open), which upgrades a file from an older version. The child writes
 * {"t":"start"} when it starts the task and {"t":"done","code":N} when the task finished.
 *
 * `--slow` makes every file write of this process go out in small pieces with a pause between
 * them, as on a slow disk or a network share: fs.writeSync, fs.writeFileSync and
 * fs.copyFileSync are replaced (syncBuiltinESMExports makes the program's named imports see the
 * replacements). The bytes written and the files they go to stay exactly the program's; only the
 * time a half-written file exists grows from microseconds to tens of milliseconds, so a kill
 * lands inside it often instead of almost never. SQLite's own writes are not slowed (they do
 * not go through node:fs).
 */

const CHUNK = 4096;
const PAUSE_MS = 1;

const original = {
  writeSync: fs.writeSync,
  writeFileSync: fs.writeFileSync,
  copyFileSync: fs.copyFileSync,
};

const args = process.argv.slice(2);
const slow = args[0] === '--slow';
if (slow) args.shift();
const [task, ...rest] = args;
if ((task !== 'cli' && task !== 'open') || rest.length === 0) {
  process.stderr.write('usage: kill-task-child.ts [--slow] cli|open <arguments…>\n');
  process.exit(2);
}

function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
}

/** The child's reports: straight to fd 1, synchronously, never slowed. */
function report(line: object): void {
  const bytes = Buffer.from(JSON.stringify(line) + '\n', 'utf8');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += original.writeSync(1, bytes, written);
    } catch (e) {
      // A non-blocking pipe that is momentarily full (the command printed a lot): wait for the
      // parent to read.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

if (slow) {
  const slowWrite = (fd: number, bytes: Uint8Array, position: number | null): number => {
    let done = 0;
    while (done < bytes.length) {
      const n = Math.min(CHUNK, bytes.length - done);
      done += original.writeSync(fd, bytes, done, n, position === null ? null : position + done);
      if (done < bytes.length) pause();
    }
    return done;
  };
  const asBytes = (data: unknown, encoding?: unknown): Uint8Array | undefined => {
    if (typeof data === 'string') {
      return Buffer.from(
        data,
        (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding,
      );
    }
    if (ArrayBuffer.isView(data))
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return undefined;
  };
  fs.writeSync = ((fd: number, data: unknown, ...more: unknown[]) => {
    if (fd <= 2) return (original.writeSync as (...a: unknown[]) => number)(fd, data, ...more);
    if (typeof data === 'string') {
      const position = typeof more[0] === 'number' ? more[0] : null;
      return slowWrite(fd, asBytes(data, more[1])!, position);
    }
    const bytes = asBytes(data)!;
    const offset = typeof more[0] === 'number' ? more[0] : 0;
    const length = typeof more[1] === 'number' ? more[1] : bytes.length - offset;
    const position = typeof more[2] === 'number' ? more[2] : null;
    return slowWrite(fd, bytes.subarray(offset, offset + length), position);
  }) as typeof fs.writeSync;
  fs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: unknown, options?: unknown) => {
    const encoding =
      typeof options === 'string' ? options : (options as { encoding?: unknown })?.encoding;
    const flag = (options as { flag?: string } | undefined)?.flag ?? 'w';
    const mode = (options as { mode?: number } | undefined)?.mode ?? 0o666;
    const bytes = asBytes(data, encoding);
    if (!bytes) return (original.writeFileSync as (...a: unknown[]) => void)(file, data, options);
    const fd = typeof file === 'number' ? file : fs.openSync(file, flag, mode);
    try {
      slowWrite(fd, bytes, null);
    } finally {
      if (typeof file !== 'number') fs.closeSync(fd);
    }
  }) as typeof fs.writeFileSync;
  fs.copyFileSync = ((src: fs.PathLike, dest: fs.PathLike, mode?: number) => {
    const bytes = fs.readFileSync(src);
    const exclusive = ((mode ?? 0) & fs.constants.COPYFILE_EXCL) !== 0;
    const fd = fs.openSync(dest, exclusive ? 'wx' : 'w', fs.statSync(src).mode);
    try {
      slowWrite(fd, bytes, null);
    } finally {
      fs.closeSync(fd);
    }
  }) as typeof fs.copyFileSync;
  syncBuiltinESMExports();
}

// Loading the modules through tsx takes most of a second: the parent starts the next child
// while the current one runs and says "go" when it is its turn.
const run =
  task === 'cli'
    ? await (async () => {
        const { main } = await import('../../cli/main.ts');
        return () => main(rest);
      })()
    : await (async () => {
        const { EditorSession } = await import('../../db/api/session.ts');
        return () => {
          EditorSession.open(rest[0]!, { mode: 'takeOver' }).close();
          return 0;
        };
      })();

await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
report({ t: 'start' });
const code = await run();
report({ t: 'done', code });
process.exit(code);
