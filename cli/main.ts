import { isUserError } from '../db/errors.ts';

const USAGE = `绩效目标表编制器 命令行

用法: jxmb <命令> [参数]

命令:
  import <文本文件> -o <文档>      从公开的绩效目标表文本（由 PDF 复制）导入为文档
  dump <文档> [-o <JSON文件>]      以 JSON 输出整个文档（默认输出到标准输出）
  load <JSON文件> -o <文档>        由 JSON 建立文档
  check <文档> [--json]            审核文档；有“错误”时退出码为 1
  info <文档>                      显示文档摘要

选项:
  -f, --force   允许覆盖已存在的输出文件
  -h, --help    显示本帮助
`;

export async function main(argv: string[]): Promise<number> {
  try {
    const [command] = argv;
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      console.log(USAGE);
      return command ? 0 : 2;
    }
    console.error(`未知命令“${command}”。\n\n${USAGE}`);
    return 2;
  } catch (e) {
    if (isUserError(e)) {
      console.error(`错误：${e.message}`);
      return 2;
    }
    throw e;
  }
}
