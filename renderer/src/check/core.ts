import type { DocumentChanges } from '../../../db/shared/changes.ts';
import { applyChanges } from '../../../db/shared/changes.ts';
import { checkDocument } from '../../../db/shared/check/index.ts';
import type { DocumentData } from '../../../db/shared/types.ts';
import { findingKey, findingsDelta, type FindingsDelta } from './delta.ts';

/**
 * The checking side of the page's checks (审核): a copy of the document, kept up to date with
 * the same change sets the page patches its own copy with, and the findings last sent. It runs
 * in a Web Worker (worker.ts) so that checking a large document never holds up typing, and on
 * the page's thread where workers are unavailable (checker.ts). The rules are the same code as
 * `jxmb check` (db/shared/check), run on the whole document, so the findings are the same.
 */

export type CheckRequest =
  /** The whole document: the first check, or after the page replaced its copy. */
  | { readonly seq: number; readonly kind: 'full'; readonly data: DocumentData }
  /** The change sets since the last request, in order. */
  | { readonly seq: number; readonly kind: 'patch'; readonly changes: readonly DocumentChanges[] };

export type CheckReply =
  | { readonly seq: number; readonly kind: 'findings'; readonly delta: FindingsDelta }
  /** The change sets did not fit the copy: the page sends the whole document. */
  | { readonly seq: number; readonly kind: 'resync' }
  | { readonly seq: number; readonly kind: 'failed'; readonly message: string };

export class CheckerCore {
  private data: DocumentData | undefined;
  /** Keys of the findings the other side holds (they start with none). */
  private keys: readonly string[] = [];

  handle(request: CheckRequest): CheckReply {
    const { seq } = request;
    try {
      if (request.kind === 'full') {
        this.data = request.data;
      } else {
        let data = this.data;
        for (const changes of request.changes) {
          data = data && applyChanges(data, changes);
        }
        if (!data) {
          this.data = undefined;
          return { seq, kind: 'resync' };
        }
        this.data = data;
      }
      const findings = checkDocument(this.data);
      const keys = findings.map(findingKey);
      const delta = findingsDelta(this.keys, findings, keys);
      this.keys = keys;
      return { seq, kind: 'findings', delta };
    } catch (e) {
      // The copy may be half patched: the next request must bring the whole document.
      this.data = undefined;
      return { seq, kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }
}
