import './loading.css';
import { startBoot } from './boot.ts';

/**
 * The page's first script, kept small: it asks the host for the document at once, then loads
 * the rest of the page (React, antd, the editor and their styles: App.tsx, a chunk of its own
 * that index.html already preloads). The host prepares its answer while that code loads and
 * starts, instead of after. Until the document is there, index.html's own markup says 正在打开…
 * (styled by loading.css alone: antd's 1 MB of styles come with App.tsx, not before this runs).
 */
const boot = startBoot();
// Reported by mount(), once the page can show it.
boot.catch(() => undefined);

const root = document.getElementById('root')!;
import('./App.tsx').then(
  ({ mount }) => mount(root, boot),
  () => {
    // The page's own files could not be loaded (the server stopped, a damaged installation).
    root.querySelector('.loading-text')!.textContent =
      '无法加载编制器界面：请重新打开本页面，或重新启动编制器';
  },
);
