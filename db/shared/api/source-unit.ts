/**
 * The refusal of a table that states no money unit (db/import/money-unit.ts's wording), which
 * both the hosts (Electron asks the clerk for the unit) and the page (its unit question) answer
 * rather than show as an error.
 */
export const NO_UNIT_WORDS = '找不到金额单位';

export function statesNoUnit(message: string): boolean {
  return message.includes(NO_UNIT_WORDS);
}

/** `（命令行 --unit 万元|元）`, `（--unit 万元|元）`: the command line's option, which a page lacks. */
const CLI_UNIT_OPTION = /[（(](?:命令行\s*)?--unit[^）)]*[）)]/gu;

/** A refusal about the unit, as the editor says it: without the command line's option. */
export function withoutUnitOption(message: string): string {
  return message.replace(CLI_UNIT_OPTION, '');
}
