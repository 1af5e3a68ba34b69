import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../paths.ts';

/*
 * The page (renderer/src) and the code it shares with the host (db/shared) import only pure
 * code: lint refuses anything else, however it is spelled. Each case lints a source text as if
 * it were a file in that folder, with the project's own configuration.
 */

const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'boundaries/pure-imports')
    .map((m) => m.message);
}

describe('the pure-code boundary', () => {
  it.each([
    [
      'renderer/src/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    ],
    ['renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n"],
    [
      'renderer/src/x.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    ],
    ['renderer/src/x.ts', "import PDFDocument from 'pdfkit';\nexport const x = PDFDocument;\n"],
    ['renderer/src/x.ts', "import { Document } from 'docx';\nexport const x = Document;\n"],
    [
      'renderer/src/components/x.ts',
      "import { TargetDocument } from '../../../db/document.ts';\nexport const x = TargetDocument;\n",
    ],
    [
      'renderer/src/x.ts',
      "import type { EditorSession } from '../../db/api/session.ts';\nexport type X = EditorSession;\n",
    ],
    ['renderer/src/x.ts', "export { renderPdf } from '../../templates/export/index.ts';\n"],
    ['renderer/src/x.ts', "export const x = () => import('../../db/document.ts');\n"],
    [
      'db/shared/x.ts',
      "import { TargetDocument } from '../document.ts';\nexport const x = TargetDocument;\n",
    ],
    ['db/shared/check/x.ts', "import { x } from '../../../renderer/src/x.ts';\nexport { x };\n"],
    ['db/shared/x.ts', "import path from 'node:path';\nexport const x = path;\n"],
    ['db/shared/x.ts', "import React from 'react';\nexport const x = React;\n"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await problems(file, code)).toHaveLength(1);
  });

  it.each([
    [
      'renderer/src/x.ts',
      "import { formatAmount } from '../../db/shared/money.ts';\nexport const x = formatAmount;\n",
    ],
    [
      'renderer/src/components/x.ts',
      "import { share } from '../share.ts';\nexport const x = share;\n",
    ],
    ['renderer/src/x.ts', "import { Button } from 'antd';\nexport const x = Button;\n"],
    [
      'db/shared/check/x.ts',
      "import { z } from 'zod';\nimport { cleanText } from '../text.ts';\nexport const x = [z, cleanText];\n",
    ],
  ])('allows in %s: %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('holds for the project as it is', async () => {
    const results = await eslint.lintFiles(['renderer/src', 'db/shared']);
    const found = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'boundaries/pure-imports')
        .map((m) => `${path.relative(ROOT, r.filePath)}: ${m.message}`),
    );
    expect(found).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });
});
