import { isUserError } from '../db/errors.ts';
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
    // A bug, not the user's fault: say so plainly, keep the detail for the report.
    console.error(`内部错误（请把以下信息告知开发者）：${(e as Error).stack ?? String(e)}`);
    return 70;
  }
}
