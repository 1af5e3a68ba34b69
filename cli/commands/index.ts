import type { Command } from '../command.ts';
import { check } from './check.ts';
import { dump } from './dump.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { info } from './info.ts';
import { load } from './load.ts';
import { rolloverCommand } from './rollover.ts';
import { web } from './web.ts';

/** Every subcommand, in the order the usage text lists them. */
export const COMMANDS: readonly Command[] = [
  importCommand,
  dump,
  load,
  check,
  exportCommand,
  rolloverCommand,
  info,
  web,
];
