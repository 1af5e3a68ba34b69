/** exceljs's table of built-in number formats (no types of its own): see builtin-formats.ts. */
declare module 'exceljs/lib/xlsx/defaultnumformats.js' {
  const formats: Record<string, Record<string, string> | undefined>;
  export default formats;
}
