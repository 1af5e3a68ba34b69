import type { Command } from '../command.ts';
import { info } from './info.ts';

/** Every subcommand, in the order the usage text lists them. */
export const COMMANDS: readonly Command[] = [info];
