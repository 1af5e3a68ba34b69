import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../db/errors.ts';

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
