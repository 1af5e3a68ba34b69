import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../db/shared/errors.ts';
import type { DocumentData } from '../db/shared/types.ts';

/** One subcommand of the command line; each lives in cli/commands/<name>.ts. */
export interface Command {
  readonly name: string;
  /** One line for the usage text, e.g. `import <文本文件> -o <文档>`. */
  readonly synopsis: string;
  readonly summary: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit status: 0 success, 1 the document has errors (check), 2 usage/user error. */
  run(args: ParsedArgs): Promise<number> | number;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

export const FORCE_OPTION = { force: { type: 'boolean', short: 'f' } } as const;
export const OUTPUT_OPTION = { output: { type: 'string', short: 'o' } } as const;

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values };
  } catch (e) {
    throw new UserError(
      `${command.name} 的参数有误：${(e as Error).message}\n用法：jxmb ${command.synopsis}`,
    );
  }
}

/** The single positional argument a command needs, or a usage error naming it. */
export function onePositional(command: Command, args: ParsedArgs, what: string): string {
  const [first, ...rest] = args.positionals;
  if (!first) throw new UserError(`缺少${what}。用法：jxmb ${command.synopsis}`);
  if (rest.length)
    throw new UserError(`多余的参数：${rest.join(' ')}。用法：jxmb ${command.synopsis}`);
  return first;
}

export function requiredString(
  command: Command,
  args: ParsedArgs,
  option: string,
  what: string,
): string {
  const v = args.values[option];
  if (typeof v !== 'string' || v === '') {
    throw new UserError(
      `缺少${what}（-${option[0]} / --${option}）。用法：jxmb ${command.synopsis}`,
    );
  }
  return v;
}

/**
 * Values in the file that another tool wrote and this program would not have (see
 * db/read-document.ts): one line per value, for commands that show the document. `check` lists
 * them as findings with where they are.
 */
export function defectLines(data: DocumentData): string[] {
  return data.defects.map((d) => `  ${d.message}`);
}

/** Says on stderr that the document holds invalid values, so no figure is taken at face value. */
export function warnDefects(data: DocumentData): void {
  if (data.defects.length === 0) return;
  console.warn(
    `注意：文件中有 ${data.defects.length} 处无效的值（文件被其他程序改动过），无效的金额未计入合计；请用编辑器打开并改正（jxmb check 列出位置）：\n${defectLines(data).join('\n')}`,
  );
}
