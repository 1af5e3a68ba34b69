// The fuzz test's worker (workbook-fuzz.test.ts): the damaged workbooks are read here, so that an
// input that hangs the reader (a loop, not a promise) can be found and stopped from outside.
const { register } = await import('tsx/esm/api');
register();
await import('./workbook-fuzz-run.ts');
