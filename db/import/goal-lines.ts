/**
 * A goal's numbered items (`1.…2.…`, `目标1：…`, `（1）…`, `一、…`) on lines of their own, as they
 * were printed: a cell read from a PDF or copied runs its lines together. Every reader uses it
 * (the published table's, the per-project forms').
 */
export function goalLines(text: string): string {
  return text.replace(
    /(?<=[。；;！!])\s*(?=(?:\d{1,2}[.．、](?!\d)|目标\s*\d{1,2}\s*[：:]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、))/gu,
    '\n',
  );
}
