import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

/**
 * index.html's first script (main.tsx) is small: it asks the host for the document, then imports
 * the rest of the page. This has the browser fetch that rest and its styles from the start,
 * alongside the first script (<link rel="modulepreload"> and <link rel="preload">), and run the
 * first script as soon as it has arrived (`async`): the host's answer is on its way while the
 * page's code and antd's styles load, are parsed and start.
 */
function startEarly(): Plugin {
  return {
    name: 'jxmb-start-early',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        const chunks = new Map(
          Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c]] : [])),
        );
        const entry = [...chunks.values()].find((c) => c.isEntry);
        if (!entry) throw new Error('vite: no entry chunk for index.html');
        const preload = new Set<string>();
        const visit = (file: string) => {
          if (preload.has(file) || file === entry.fileName) return;
          preload.add(file);
          for (const dep of chunks.get(file)?.imports ?? []) visit(dep);
        };
        for (const file of entry.dynamicImports) visit(file);
        // Their styles too: Vite's loader adds them as stylesheets (crossorigin) on import.
        const styles = [...preload].flatMap((file) => [
          ...(chunks.get(file)?.viteMetadata?.importedCss ?? []),
        ]);
        const tags: HtmlTagDescriptor[] = [
          ...styles.map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          })),
          ...[...preload].map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          })),
        ];
        const script = `<script type="module" crossorigin src="./${entry.fileName}">`;
        if (!html.includes(script)) throw new Error(`vite: index.html lacks ${script}`);
        return {
          html: html.replace(script, script.replace('<script ', '<script async ')),
          tags,
        };
      },
    },
  };
}

// The renderer is built once into out/renderer and served as files: by Electron from its own
// protocol (jxmb://app) and by browser mode from the loopback server. Relative base makes both
// work.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), startEarly()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
