import defaultNumFormats from 'exceljs/lib/xlsx/defaultnumformats.js';

/**
 * The built-in number formats 27–36 and 50–58 are the locale's own: a Chinese Excel or WPS
 * saves a date typed as 2025年1月1日 with format 31 and no format text. exceljs knows them only
 * per locale, and without a locale takes them for no format: the date would be read as the
 * number 45658. Given their Chinese text, they are dates as the clerk sees them. exceljs reads
 * this table when it loads a workbook; it is filled once, before the first load.
 */

type Formats = Record<string, Record<string, string> | undefined>;

let done = false;

export function useChineseBuiltinFormats(): void {
  if (done) return;
  done = true;
  for (const format of Object.values(defaultNumFormats as Formats)) {
    if (format && format.f === undefined && format['zh-cn'] !== undefined) {
      format.f = format['zh-cn'];
    }
  }
}
