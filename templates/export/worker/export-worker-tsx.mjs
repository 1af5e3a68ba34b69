// The export worker (export-worker.ts) when the program runs from its TypeScript sources: the
// command line, the browser-mode server, the tests. pdfkit (with fontkit) and docx are loaded
// first, before tsx is registered: through tsx's loader their megabytes of JavaScript take
// several times longer to load, and the copies loaded here are the ones the worker then
// imports. The built program (electron/build.ts) starts the bundled worker instead.
// Node's on-disk compile cache makes the next start of the worker (a new process) a load
// rather than a compile of those modules.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await Promise.all([import('pdfkit'), import('docx')]);
const { register } = await import('tsx/esm/api');
register();
await import('./export-worker.ts');
