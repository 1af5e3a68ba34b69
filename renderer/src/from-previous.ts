import type { SourceNote } from '../../db/shared/api/host-contract.ts';
import { statesNoUnit, withoutUnitOption } from '../../db/shared/api/source-unit.ts';
import type { MoneyUnit } from '../../db/shared/money.ts';
import { atom } from './atom.ts';

/**
 * The rules of reading a table (由上年文件新建, 打开 of a table) that are not drawing: when a
 * form asks for the table's money unit, which of the host's refusals belong beside that
 * question, and the notes of reading the table, kept for the dialog that shows them once the
 * new document is open.
 */

/** 上年文件的金额单位: `stated` sends no unit, so the reader takes the one the table states. */
export type SourceUnitChoice = 'stated' | MoneyUnit;

export const SOURCE_UNIT_CHOICES: readonly { value: SourceUnitChoice; label: string }[] = [
  { value: 'stated', label: '按文件中写明（默认）' },
  { value: '万元', label: '万元' },
  { value: '元', label: '元' },
];

/** The unit to send with the request, if any. */
export function unitToSend(choice: SourceUnitChoice, asked: boolean): MoneyUnit | undefined {
  return asked && choice !== 'stated' ? choice : undefined;
}

/**
 * Whether the form asks for the unit. A document (.jxmb) carries its own unit, so the question
 * is only for a table as text or PDF; before a path is typed there is nothing to ask about.
 * Electron chooses the file in its own dialog after the form is sent: the question is always
 * there, for a text or PDF that may be chosen.
 */
export function asksSourceUnit(source: string, electron: boolean): boolean {
  if (electron) return true;
  const name = source.trim().toLowerCase();
  return name !== '' && !name.endsWith('.jxmb');
}

/**
 * A refusal the unit question answers: the table states no unit (the clerk picks 万元 or 元),
 * or it states another than the one picked (the clerk goes back to 按文件中写明). Other unit
 * problems (千元, two units in one table) are the table's, not the question's.
 * The wording is db/import/money-unit.ts's (settleMoneyUnit).
 */
export type UnitRefusalKind = 'missing' | 'contradicts';

export interface UnitRefusal {
  readonly kind: UnitRefusalKind;
  /** The host's message without the command line's option, which the page does not have. */
  readonly message: string;
  /** What to do here. */
  readonly hint: string;
}

const CONTRADICTS = /表格注明金额单位为(万元|元).*与指定的单位(万元|元)不一致/su;

/** `button`: the form's button that sends it again. */
export function unitRefusal(message: string, button = '创建新表'): UnitRefusal | null {
  const kind: UnitRefusalKind | null = statesNoUnit(message)
    ? 'missing'
    : CONTRADICTS.test(message)
      ? 'contradicts'
      : null;
  if (!kind) return null;
  // `请去掉或改正单位选项`: the command line's words too.
  const text = withoutUnitOption(message).replace('请去掉或改正单位选项', '请改正单位');
  return {
    kind,
    message: text,
    hint:
      kind === 'missing'
        ? `请在上面选择“万元”或“元”（按表格实际的单位），再点“${button}”。`
        : `请选择“按文件中写明”，或改为表格注明的单位，再点“${button}”。`,
  };
}

/** The notes of the table last read, and which reading: 由上年文件新建, or 打开 of `table`. */
export interface ShownNotes {
  readonly notes: readonly SourceNote[];
  /** The name of the table opened with 打开; null: last year's file of 由上年文件新建. */
  readonly table: string | null;
}

/** The notes of the table last read, until the clerk has seen them; null: none to show. */
export const sourceNotes = atom<ShownNotes | null>(null);

/** The notes to show, or null when the reading made none. */
export function notesToShow(notes: readonly SourceNote[], table: string | null): ShownNotes | null {
  return notes.length > 0 ? { notes, table } : null;
}

/** Warnings (请核对) first, then what was inferred (说明), each in the reader's order. */
export function orderedNotes(notes: readonly SourceNote[]): readonly SourceNote[] {
  return [
    ...notes.filter((n) => n.severity === 'warning'),
    ...notes.filter((n) => n.severity !== 'warning'),
  ];
}
