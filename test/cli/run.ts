import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { ROOT } from '../helpers.ts';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command line (bin/jxmb.js) in a child process, as a user would. */
export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jxmb.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    input: options.input,
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runCli without blocking: several commands of one test can run at once. */
export function runCliAsync(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'jxmb.js'), ...args], {
      cwd: options.cwd ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Runs the command line's own main() in this process, collecting what it prints: the same code
 * as the real command line without a process's start-up second, for tests of many inputs.
 */
export async function inProcess(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const spies = [
    vi
      .spyOn(console, 'log')
      .mockImplementation((...a: unknown[]) => void (stdout += `${a.join(' ')}\n`)),
    vi
      .spyOn(console, 'warn')
      .mockImplementation((...a: unknown[]) => void (stderr += `${a.join(' ')}\n`)),
    vi
      .spyOn(console, 'error')
      .mockImplementation((...a: unknown[]) => void (stderr += `${a.join(' ')}\n`)),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    }),
  ];
  try {
    const status = await main(args);
    return { status, stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
