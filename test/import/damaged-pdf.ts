import { exportPdf, documentOf, richDraft } from './pdf-docs.ts';

/** This program's own PDF of the rich test table (test/import/pdf-docs.ts), several pages. */
export async function ownPdf(file: string): Promise<Buffer> {
  return (await exportPdf(documentOf(richDraft(), file), 'bundled')).bytes;
}

/**
 * The PDF with the generation numbers of its last two pages' objects changed (`N 0 obj` becomes
 * `N 1 obj`, same length): two numbers changed, as in a damaged copy. pdf.js then fails to fetch
 * those pages while reading ahead, in promises it never awaits.
 */
export function breakLastPage(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const kids = /\/Type \/Pages[\s\S]*?\/Kids \[([^\]]*)\]/u.exec(text);
  if (!kids) throw new Error('no /Pages /Kids in the PDF');
  const refs = [...kids[1]!.matchAll(/(\d+) 0 R/gu)].map((m) => m[1]!);
  if (refs.length < 2) throw new Error('the PDF has one page');
  const damaged = Buffer.from(pdf);
  for (const n of refs.slice(-2)) {
    const at = text.indexOf(`\n${n} 0 obj`);
    if (at < 0) throw new Error(`no object ${n}`);
    damaged.write('1', at + 1 + n.length + 1, 'latin1');
  }
  return damaged;
}
