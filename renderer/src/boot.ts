import type { DocumentState } from '../../db/shared/api/contract.ts';
import type { HostInfo, NamedItem } from '../../db/shared/api/host-contract.ts';
import { store } from './store.ts';

/**
 * What the page needs before it can show anything: asked for as soon as the script runs, so the
 * host prepares the document while React sets up the page.
 */
export interface Boot {
  readonly info: HostInfo;
  readonly layouts: NamedItem[];
  readonly document: DocumentState | null;
}

let boot: Promise<Boot> | undefined;

export function startBoot(): Promise<Boot> {
  boot ??= (async () => {
    const api = store.api;
    const [info, layouts, document] = await Promise.all([
      api.hostInfo(),
      api.listLayouts(),
      api.currentDocument(),
    ]);
    return { info, layouts, document };
  })();
  return boot;
}
