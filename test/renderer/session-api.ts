import { EditorSession, toApiError } from '../../db/api/session.ts';
import { DOCUMENT_OPERATIONS } from '../../db/shared/api/operations.ts';
import { unwrap, type Api } from '../../renderer/src/wire.ts';

/**
 * The page's Api served by a real session, as browser mode or Electron serves it: the page's
 * store (renderer/src/doc-store.ts) runs against a real SQLite file, under Node.
 */
export function apiFor(s: EditorSession, client: string): Api {
  const api: Record<string, unknown> = {};
  for (const op of DOCUMENT_OPERATIONS) {
    api[op] = async (payload: unknown, meta?: { baseVersion?: string }) => {
      try {
        return unwrap({ ok: true, result: s.call(op, payload, { client, ...meta }) });
      } catch (e) {
        return unwrap({ ok: false, ...toApiError(e), version: s.version });
      }
    };
  }
  return api as unknown as Api;
}
