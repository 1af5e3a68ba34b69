import { isUserError } from '../db/shared/errors.ts';
import { parseCommandArgs, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.synopsis.length));
  const lines = COMMANDS.map((c) => `  ${c.synopsis.padEnd(width + 2)}${c.summary}`);
  return `绩效目标表编制器 命令行

用法: jxmb <命令> [参数]      （在项目目录中也可用 npm run cli -- <命令> [参数]）

命令:
${lines.join('\n')}

选项:
  -f, --force   允许覆盖已存在的输出文件
  -h, --help    显示本帮助
`;
}

/**
 * Errors of the disk, the file system or SQLite that reach the top without having been turned
 * into a message where they happened (a file locked by another program, a full disk, a file
 * changed under us): they are about the user's files, not bugs, so they get a message too.
 */
function fileProblem(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return '磁盘已满，操作未完成；请腾出空间后重试';
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return '文档正被其他程序使用，操作未完成；请稍后重试，或关闭其他程序后再试';
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return '文档文件已损坏（内容不完整或被其他程序改动过），操作未完成；请改用备份或之前保存的副本';
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return '没有写入权限（文件或文件夹是只读的，或被其他程序占用），操作未完成';
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return '读写文件时出错，操作未完成；请检查磁盘或网络盘后重试';
  }
  if (code.startsWith('SQLITE_')) {
    return `读取文档时出错（${code}），操作未完成；文件可能已被其他程序改动过`;
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  // `jxmb dump doc | head`: the reader went away; that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`未知命令“${name}”。\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(parseCommandArgs(command, rest));
  } catch (e) {
    if (isUserError(e)) {
      console.error(`错误：${e.message}`);
      return 2;
    }
    const problem = fileProblem(e);
    if (problem) {
      console.error(`错误：${problem}`);
      return 2;
    }
    // A bug, not the user's fault: say so plainly, keep the detail for the report.
    console.error(`内部错误（请把以下信息告知开发者）：${(e as Error).stack ?? String(e)}`);
    return 70;
  }
}
