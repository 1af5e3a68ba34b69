import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Converts files to PDF with LibreOffice as a clerk's machine runs it: the system's fonts and
 * fontconfig, no alias for 宋体 (unlike tools.ts's libreOfficeToPdf), so what the DOCX names is
 * all LibreOffice has to find a face by. A private profile, all files in one run.
 */
export function libreOfficeAsInstalled(files: readonly string[], outDir: string): void {
  const profile = mkdtempSync(path.join(tmpdir(), 'lo-plain-'));
  const env = { ...process.env };
  delete env.FONTCONFIG_FILE;
  try {
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}/user`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        ...files,
      ],
      { encoding: 'utf8', timeout: 180_000, env },
    );
    if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
