import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { rng } from './damage.ts';

/**
 * Damaged copies of a workbook, each from a seed so that a failing case can be made again
 * (workbook-fuzz.test.ts): bytes flipped or cut off anywhere in the ZIP, members removed,
 * duplicated or swapped, and the XML inside changed before zipping again — numbers (cell
 * addresses, style and shared-string indexes), cell types, tags, merges, formulas, entities.
 */

export interface Mutant {
  readonly bytes: Uint8Array;
  /** What was done, for the failure message. */
  readonly how: string;
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/** A ZIP that holds `names[i]` twice (fflate's zipSync takes an object: one of each). */
function zipWithDuplicate(files: Record<string, Uint8Array>, twice: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  const add = (name: string) => {
    const entry = new ZipDeflate(name);
    zip.add(entry);
    entry.push(files[name]!, true);
  };
  for (const name of Object.keys(files)) {
    add(name);
    if (name === twice) add(name);
  }
  zip.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const NUMBERS = [
  0,
  1,
  2,
  7,
  16,
  255,
  65535,
  65536,
  1048576,
  1048577,
  16384,
  16385,
  2 ** 31,
  2 ** 53,
];
const TYPES = ['s', 'str', 'inlineStr', 'b', 'e', 'n', 'd', 'x'];
const TAGS = ['row', 'c', 'v', 'f', 'is', 't', 'r', 'si', 'sheetData', 'mergeCell', 'xf', 'sheet'];
const JUNK = [
  '<',
  '&',
  '&amp',
  '<x>',
  '</c>',
  '</row>',
  '<c r="B2"><f>1+1</f></c>',
  '<c r="A1048576" t="s"><v>0</v></c>',
  '<c r="XFD1"><v>1</v></c>',
  '<mergeCell ref="A1:XFD1048576"/>',
  '<mergeCell ref="B3:A1"/>',
  '<row r="0"><c r="A0"><v>1</v></c></row>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  // What the workbook library would expand cell by cell, or index by a number from the file.
  '<cols><col min="1" max="2147483647" width="9"/></cols>',
  '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>',
  '<definedNames><definedName name="n">\'年度指标\'!$A$1:$XFD$1048576</definedName></definedNames>',
  '<hyperlinks><hyperlink ref="A1:XFD1048576" display="x"/></hyperlinks>',
  '<sheet name="年度指标" sheetId="2147483648" r:id="rId4"/>',
  '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
  '&#0;',
  '&#x1F600;',
  '\uFEFF',
];

function randomAddress(random: () => number): string {
  const column = pick(random, ['A', 'Z', 'AA', 'GR', 'GS', 'XFD', 'XFE', '']);
  const row = pick(random, ['1', '0', '2', '50000', '50001', '1048576', '1048577', '', '-1']);
  return `${column}${row}`;
}

/** One change to a member's XML text. */
function editXml(xml: string, random: () => number): [string, string] {
  const at = Math.floor(random() * xml.length);
  const what = random();
  if (what < 0.15) {
    const length = 1 + Math.floor(random() * 200);
    return [xml.slice(0, at) + xml.slice(at + length), `deleted ${length} chars at ${at}`];
  }
  if (what < 0.25) {
    const length = 1 + Math.floor(random() * 400);
    return [xml.slice(0, at + length) + xml.slice(at), `doubled ${length} chars at ${at}`];
  }
  if (what < 0.45) {
    const numbers = [...xml.matchAll(/\d+/gu)];
    const m = numbers.length ? pick(random, numbers) : undefined;
    if (!m) return [xml, 'no number'];
    const n = String(
      random() < 0.5
        ? pick(random, NUMBERS)
        : Math.floor(random() * 10 ** (1 + Math.floor(random() * 7))),
    );
    return [
      xml.slice(0, m.index) + n + xml.slice(m.index + m[0].length),
      `number ${m[0]}→${n} at ${m.index}`,
    ];
  }
  if (what < 0.55) {
    const types = [...xml.matchAll(/\bt="[^"]*"/gu)];
    const m = types.length ? pick(random, types) : undefined;
    if (!m) return [xml, 'no type'];
    const t = pick(random, TYPES);
    return [
      xml.slice(0, m.index) + `t="${t}"` + xml.slice(m.index + m[0].length),
      `type ${m[0]}→${t}`,
    ];
  }
  if (what < 0.65) {
    const refs = [...xml.matchAll(/\b(r|ref)="[^"]*"/gu)];
    const m = refs.length ? pick(random, refs) : undefined;
    if (!m) return [xml, 'no address'];
    const a =
      random() < 0.5 ? randomAddress(random) : `${randomAddress(random)}:${randomAddress(random)}`;
    return [
      xml.slice(0, m.index) + `${m[1]}="${a}"` + xml.slice(m.index + m[0].length),
      `address ${m[0]}→${a}`,
    ];
  }
  if (what < 0.75) {
    const tags = [...xml.matchAll(/<\/?([\w:]+)/gu)];
    const m = tags.length ? pick(random, tags) : undefined;
    if (!m) return [xml, 'no tag'];
    const tag = pick(random, TAGS);
    const open = m[0].startsWith('</') ? '</' : '<';
    return [
      xml.slice(0, m.index) + open + tag + xml.slice(m.index + m[0].length),
      `tag ${m[0]}→${tag}`,
    ];
  }
  if (what < 0.9) {
    // Junk where a tag starts, so it lands between elements as often as inside text.
    const tagAt = xml.indexOf('<', at);
    const i = tagAt >= 0 ? tagAt : at;
    const junk = pick(random, JUNK);
    return [xml.slice(0, i) + junk + xml.slice(i), `inserted ${junk} at ${i}`];
  }
  const cut = Math.floor(random() * xml.length);
  return [xml.slice(0, cut), `cut at ${cut}`];
}

/** A damaged copy of the workbook `xlsx`, the same for the same seed. */
export function mutateWorkbook(xlsx: Uint8Array, seed: number): Mutant {
  const random = rng(seed);
  const what = random();
  if (what < 0.15) {
    const bytes = xlsx.slice();
    const flips = 1 + Math.floor(random() * 8);
    const at: number[] = [];
    for (let k = 0; k < flips; k++) {
      const i = Math.floor(random() * bytes.length);
      bytes[i] = bytes[i]! ^ (1 << Math.floor(random() * 8));
      at.push(i);
    }
    return { bytes, how: `flipped bits at ${at.join(',')}` };
  }
  if (what < 0.25) {
    const length = Math.floor(random() * xlsx.length);
    return { bytes: xlsx.slice(0, length), how: `cut to ${length} bytes` };
  }
  const files = unzipSync(xlsx);
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));
  if (what < 0.33) {
    const name = pick(random, names);
    delete files[name];
    return { bytes: zipSync(files), how: `removed ${name}` };
  }
  if (what < 0.4) {
    const name = pick(random, names);
    return { bytes: zipWithDuplicate(files, name), how: `duplicated ${name}` };
  }
  if (what < 0.45) {
    const from = pick(random, names);
    const to = pick(random, names);
    files[to] = files[from]!;
    return { bytes: zipSync(files), how: `${from} copied over ${to}` };
  }
  // The parts that hold the cells most often: the sheets, shared strings, workbook, styles.
  const xml = names.filter((n) => /\.(xml|rels)$/u.test(n));
  const likely = xml.filter((n) => /worksheets\/sheet|sharedStrings|workbook\.xml|styles/u.test(n));
  const name = random() < 0.8 && likely.length ? pick(random, likely) : pick(random, xml);
  let text = strFromU8(files[name]!);
  const edits: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let k = 0; k < count; k++) {
    const [changed, how] = editXml(text, random);
    text = changed;
    edits.push(how);
  }
  files[name] = strToU8(text);
  return { bytes: zipSync(files), how: `${name}: ${edits.join('; ')}` };
}
