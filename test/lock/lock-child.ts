/**
 * A second program on the same document, for test/lock/*.test.ts. Commands:
 * - `hold <file>`: opens the document for editing (taking its lock), prints `ready <pid>`, then
 *   for each stdin line `edit <text>` sets 部门名称 and prints `done`; `exit` closes cleanly.
 * - `loop <file> <name> <n>`: n times: take the lock (waiting while the other program has it),
 *   add a unit named `<name>-<i>`, close (releasing the lock); prints `ok <n>` at the end.
 */
import { createInterface } from 'node:readline';
import { EditorSession } from '../../db/api/session.ts';
import { isUserError } from '../../db/shared/errors.ts';

const [command, file, name, count] = process.argv.slice(2);
if (!file) throw new Error('usage: lock-child hold|loop <file> …');

function openWaiting(target: string): EditorSession {
  for (;;) {
    try {
      return EditorSession.open(target);
    } catch (e) {
      if (!isUserError(e) || e.code !== 'locked') throw e;
      // The other program has it: wait a moment, as a clerk would try again.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1 + Math.random() * 3);
    }
  }
}

if (command === 'hold') {
  const session = EditorSession.open(file);
  process.stdout.write(`ready ${process.pid}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.startsWith('edit ')) {
      try {
        session.call('setDepartment', { department: line.slice(5) }, { client: 'holder' });
        process.stdout.write('done\n');
      } catch (e) {
        process.stdout.write(
          `refused ${isUserError(e) ? e.code : 'bug'} ${(e as Error).message}\n`,
        );
      }
    } else if (line === 'exit') {
      session.close();
      process.exit(0);
    }
  });
} else if (command === 'loop') {
  const n = Number(count);
  for (let i = 0; i < n; i++) {
    const session = openWaiting(file);
    try {
      session.call('addUnit', { name: `${name}-${i}` }, { client: 'loop' });
    } finally {
      session.close();
    }
  }
  process.stdout.write(`ok ${n}\n`);
}
