import type { HostInfo, NamedItem, OpenedState } from '../../db/shared/api/host-contract.ts';
import { getApi } from './api.ts';

/**
 * What the page needs before it can show anything, asked for by the page's first, small script
 * (main.tsx) before the rest of the page's code has loaded: the host prepares and sends the
 * document while the browser loads and starts React, antd and the editor. Only the wire (api.ts)
 * is needed for that, so this module must stay free of React, antd and the store.
 */
export interface Boot {
  readonly info: HostInfo;
  readonly layouts: NamedItem[];
  /** With `imported` when another window's 打开 or 由上年文件新建 just made it from a table. */
  readonly document: OpenedState | null;
}

let boot: Promise<Boot> | undefined;

export function startBoot(): Promise<Boot> {
  boot ??= (async () => {
    // The same client the store uses (getApi keeps one), so the host sees one page.
    const api = getApi();
    const [info, layouts, document] = await Promise.all([
      api.hostInfo(),
      api.listLayouts(),
      api.currentDocument(),
    ]);
    return { info, layouts, document };
  })();
  return boot;
}
