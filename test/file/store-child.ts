/**
 * A separate process for the tests of leftovers: it is killed (or kills itself) in the middle of
 * writing, so nothing in it can clean up. Modes:
 * - `open <file>`: opens a document for editing (upgrading an older file) and closes it;
 * - `create-and-die <file>`: creates a document and is killed while the file is being written.
 */
import { TargetDocument } from '../../db/document.ts';
import { wanCents } from '../amounts.ts';

const [mode, file] = process.argv.slice(2);
if (!file) throw new Error('usage: store-child.ts <mode> <file>');

if (mode === 'open') {
  TargetDocument.open(file).close();
  console.log('opened');
} else if (mode === 'create-and-die') {
  TargetDocument.create(file, { department: '区委组织部', year: 2025 }, {}, (doc) => {
    const unit = doc.addUnit('本级');
    for (let p = 0; p < 50; p++) {
      doc.addProject(unit, {
        name: `项目${p}`,
        fiscal: wanCents(100 * p),
        goal: '目标'.repeat(200),
      });
    }
    process.kill(process.pid, 'SIGKILL');
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}
