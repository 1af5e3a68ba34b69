/**
 * A goal's numbered items (`1.…2.…`, `目标1：…`, `（1）…`, `一、…`) on lines of their own, as they
 * were printed: a form's cell, read from a PDF or copied, runs its lines together. The same rule
 * as the published table's reader (formatGoal in ../table-draft.ts, not exported there yet).
 */
export function goalLines(text: string): string {
  return text.replace(
    /(?<=[。；;！!])\s*(?=(?:\d{1,2}[.．、](?!\d)|目标\s*\d{1,2}\s*[：:]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、))/gu,
    '\n',
  );
}
