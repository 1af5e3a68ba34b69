import {
  damagedWorkbook,
  MAX_MERGE_CELLS,
  MAX_MERGES,
  MAX_PART_BYTES,
  MAX_PARTS,
  MAX_SHEET_XML_BYTES,
  MAX_WORKBOOK_BYTES,
} from './workbook-limits.ts';
import {
  storedZip,
  unzipMember,
  ZipDamage,
  zipDirectory,
  type ZipMember,
} from './zip-directory.ts';
import { UserError } from '../../shared/errors.ts';

/**
 * A look at an .xlsx before the workbook library reads it, for what the library would do wrong
 * silently or at any cost: a file cut short, a part that unpacks to gigabytes, a sheet the
 * workbook lists but the file lacks (the library drops it), merges that would take minutes (it
 * compares each with every other) or overlap, row numbers and sheet ids it would loop or index
 * to, ranges it expands cell by cell, and formulas saved without their result (the library
 * reads those as empty cells; exceljs itself writes such files). The library then reads the
 * workbook as the survey leaves it: every part unpacked once here, within its limit, and the
 * parts that do not hold cells taken out (cellsOnly).
 */

export interface SheetSurvey {
  readonly name: string;
  readonly hidden: boolean;
  /** The first formula saved without its result, if any: its cell and its text. */
  readonly uncomputed?: { readonly address: string; readonly formula: string };
}

const decoder = new TextDecoder('utf-8');

function unpack(bytes: Uint8Array, member: ZipMember, name: string, cap: number): Uint8Array {
  try {
    return unzipMember(bytes, member, cap);
  } catch (e) {
    if (e instanceof RangeError) throw tooLarge(name, cap);
    throw e;
  }
}

function text(bytes: Uint8Array, members: Map<string, ZipMember>, name: string, cap: number) {
  const member = members.get(name);
  return member ? decoder.decode(unpack(bytes, member, name, cap)) : undefined;
}

function tooLarge(part: string, cap: number): UserError {
  return new UserError(
    `工作簿过大：其中的“${part}”解压后超过 ${cap / 1024 / 1024} MB，不是一份绩效目标表，未读取`,
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : +name.slice(1);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

/** The attributes of the tags named `tag` (any namespace prefix), each as a name → value map. */
function tags(xml: string, tag: string): Map<string, string>[] {
  const found: Map<string, string>[] = [];
  const re = new RegExp(`<(?:[\\w.-]+:)?${tag}\\b([^>]*)>`, 'gu');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attributes = new Map<string, string>();
    for (const a of m[1]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu)) {
      attributes.set(a[1]!, unescapeXml(a[2] ?? a[3] ?? ''));
    }
    found.push(attributes);
  }
  return found;
}

/** A relationship's target as a member name: relative to xl/, or absolute from the root. */
function memberOf(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** The 1-based column of letters (A = 1), or NaN. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

interface Area {
  readonly ref: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

function area(ref: string): Area | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/u.exec(ref);
  if (!m) return null;
  const a = { left: columnNumber(m[1]!), top: +m[2]! };
  const b = m[3] ? { left: columnNumber(m[3]), top: +m[4]! } : a;
  const box = {
    ref,
    top: Math.min(a.top, b.top),
    left: Math.min(a.left, b.left),
    bottom: Math.max(a.top, b.top),
    right: Math.max(a.left, b.left),
  };
  return box.top >= 1 && box.left >= 1 && box.bottom <= 1_048_576 && box.right <= 16_384
    ? box
    : null;
}

/** Refuses the merges the library would take too long over, or could not make. */
function checkMerges(sheet: string, xml: string): void {
  const refs = tags(xml, 'mergeCell').map((a) => a.get('ref') ?? '');
  if (refs.length > MAX_MERGES) {
    throw new UserError(
      `工作表“${sheet}”有 ${refs.length} 处合并单元格，超过 ${MAX_MERGES} 处的上限，不是一份绩效目标表，未读取`,
    );
  }
  const areas: Area[] = [];
  for (const ref of refs) {
    const a = area(ref);
    if (!a) throw damagedWorkbook(`工作表“${sheet}”的合并单元格“${ref.slice(0, 40)}”无效`);
    const cells = (a.bottom - a.top + 1) * (a.right - a.left + 1);
    if (cells > MAX_MERGE_CELLS) {
      throw new UserError(
        `工作表“${sheet}”的合并单元格 ${ref} 包含 ${cells} 个单元格，超过 ${MAX_MERGE_CELLS} 个的上限；请在 Excel 或 WPS 中取消这个合并后再导入`,
      );
    }
    areas.push(a);
  }
  // Sorted by top row, each merge needs comparing only with those that start above its bottom.
  areas.sort((x, y) => x.top - y.top);
  for (let i = 0; i < areas.length; i++) {
    const a = areas[i]!;
    for (let j = i + 1; j < areas.length && areas[j]!.top <= a.bottom; j++) {
      const b = areas[j]!;
      if (b.left <= a.right && a.left <= b.right) {
        throw damagedWorkbook(`工作表“${sheet}”的合并单元格 ${a.ref} 与 ${b.ref} 相互重叠`);
      }
    }
  }
}

/** The first cell whose formula was saved without a result (`<c><f>…</f></c>`, no `<v>`). */
function firstUncomputed(xml: string): SheetSurvey['uncomputed'] {
  const re =
    /<(?:[\w.-]+:)?c\b([^>]*)>\s*<(?:[\w.-]+:)?f\b[^>]*?(?:\/>|>([^<]*)<\/(?:[\w.-]+:)?f>)\s*<\/(?:[\w.-]+:)?c>/gu;
  const m = re.exec(xml);
  if (!m) return undefined;
  const address = /\br\s*=\s*"([^"]*)"/u.exec(m[1]!)?.[1] ?? '';
  return { address, formula: unescapeXml(m[2] ?? '').slice(0, 60) };
}

/** The row numbers of cells and rows: beyond Excel's last row the library would loop to them. */
function checkRowNumbers(sheet: string, xml: string): void {
  for (const m of xml.matchAll(/\br\s*=\s*"[A-Z]{0,3}(\d{7,})"/gu)) {
    if (Number(m[1]) > 1_048_576) {
      throw damagedWorkbook(`工作表“${sheet}”中的行号 ${m[1]!.slice(0, 20)} 超出了 Excel 的范围`);
    }
  }
}

/**
 * Without what the library would expand cell by cell and this program does not use: a sheet's
 * data validations (a drop-down list over a whole column becomes a million entries) and column
 * widths (a `<col max>` of 2^31 becomes as many objects); a workbook's defined names (a name for
 * whole columns, likewise).
 */
function without(xml: string, tag: string, part: string): string {
  const found = xml.replace(
    new RegExp(`<${tag}\\b[^>]*/>|<${tag}\\b[\\s\\S]*?</${tag}>`, 'gu'),
    (element) => {
      // In a damaged file, what seems one element may hold the cells: never removed unseen.
      if (/<sheetData\b|<sheet\b/u.test(element)) {
        throw damagedWorkbook(`“${part}”的 XML 内容已损坏`);
      }
      return '';
    },
  );
  // An element left after its list is gone was outside any list: the library would still
  // expand it.
  if (new RegExp(`<${tag.replace(/s$/u, '')}\\b`, 'u').test(found)) {
    throw damagedWorkbook(`“${part}”的 XML 内容已损坏`);
  }
  return found;
}

/**
 * A sheet as the library needs it to give the cells: without the parts above, nor conditional
 * formats and the sheet's extensions (Excel 2010's formats and drop-downs), which only colour or
 * check cells and which the library reads at a cost or fails on.
 */
function cellsOnly(xml: string, part: string): string {
  // Wherever they are: a damaged sheet may have them anywhere.
  const kept = ['cols', 'dataValidations', 'conditionalFormatting'].reduce(
    (t, tag) => without(t, tag, part),
    xml,
  );
  // The sheet's extensions are its last element; cells may have their own, left alone.
  const end = kept.lastIndexOf('</sheetData>');
  return end < 0
    ? kept
    : kept.slice(0, end) + kept.slice(end).replace(/<extLst\b[\s\S]*<\/extLst>/u, '');
}

export interface Survey {
  readonly sheets: readonly SheetSurvey[];
  /**
   * The workbook for the library to read: its parts checked and unpacked (stored), its sheets
   * with their cells only (see cellsOnly).
   */
  readonly workbook: Uint8Array;
}

/** Looks at an .xlsx's parts; refuses what cannot or should not be unpacked. */
export function surveyWorkbook(bytes: Uint8Array): Survey {
  let members: Map<string, ZipMember>;
  try {
    members = zipDirectory(bytes);
  } catch (e) {
    if (e instanceof ZipDamage) throw damagedWorkbook(e.message, e);
    throw damagedWorkbook('压缩目录已损坏', e);
  }
  if (members.size > MAX_PARTS) {
    throw damagedWorkbook(`有 ${members.size} 个压缩成员，超过 ${MAX_PARTS} 个`);
  }
  let total = 0;
  for (const m of members.values()) {
    // Deflate packs at most about 1,032 to 1: a size beyond is a damaged directory, not a size.
    if (m.size > m.compressedSize * 1100 + 1024) throw damagedWorkbook('压缩目录已损坏');
    total += m.size;
  }
  if (total > MAX_WORKBOOK_BYTES) throw workbookTooLarge();
  try {
    const workbook = text(bytes, members, 'xl/workbook.xml', MAX_PART_BYTES);
    if (workbook === undefined) throw damagedWorkbook('缺少工作簿目录 xl/workbook.xml');
    const rels = text(bytes, members, 'xl/_rels/workbook.xml.rels', MAX_PART_BYTES) ?? '';
    const targets = new Map(
      tags(rels, 'Relationship').map((r) => [
        r.get('Id') ?? '',
        { target: r.get('Target') ?? '', type: r.get('Type') ?? '' },
      ]),
    );
    const surveys: SheetSurvey[] = [];
    const parts = new Map<string, Uint8Array>();
    for (const sheet of tags(workbook, 'sheet')) {
      const name = sheet.get('name') ?? '';
      const rid = [...sheet].find(([k]) => /(?:^|:)id$/u.test(k))?.[1] ?? '';
      const rel = targets.get(rid);
      // Chart sheets and the like hold no cells: nothing to read, nothing lost.
      if (rel && !/\/worksheet$/u.test(rel.type)) continue;
      const part = rel ? memberOf(rel.target) : '';
      const hidden = (sheet.get('state') ?? 'visible') !== 'visible';
      const xml = part ? text(bytes, members, part, MAX_SHEET_XML_BYTES) : undefined;
      if (xml === undefined) {
        throw damagedWorkbook(`工作簿列出的工作表“${name}”在文件中缺失`);
      }
      checkMerges(name, xml);
      checkRowNumbers(name, xml);
      const uncomputed = firstUncomputed(xml);
      surveys.push({ name, hidden, ...(uncomputed ? { uncomputed } : {}) });
      parts.set(part, Buffer.from(cellsOnly(xml, part), 'utf8'));
    }
    // The library keeps sheets in an array indexed by their sheetId: an id of 2^31 is as long
    // an array, and two sheets of one id are one sheet. Numbered again, in order, they are not.
    let sheetId = 0;
    const numbered = workbook.replace(/\bsheetId\s*=\s*"[^"]*"/gu, () => `sheetId="${++sheetId}"`);
    parts.set(
      'xl/workbook.xml',
      Buffer.from(without(numbered, 'definedNames', 'xl/workbook.xml'), 'utf8'),
    );
    let unpacked = 0;
    const files: [string, Uint8Array][] = [];
    for (const [name, member] of members) {
      if (name.endsWith('/')) continue;
      const data = parts.get(name) ?? unpack(bytes, member, name, MAX_PART_BYTES);
      unpacked += data.length;
      if (unpacked > MAX_WORKBOOK_BYTES) throw workbookTooLarge();
      files.push([name, data]);
    }
    return { sheets: surveys, workbook: storedZip(files) };
  } catch (e) {
    if (e instanceof ZipDamage) throw damagedWorkbook(e.message, e);
    throw e;
  }
}

function workbookTooLarge(): UserError {
  return new UserError(
    `工作簿过大：解压后超过 ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB，不是一份绩效目标表，未读取`,
  );
}
