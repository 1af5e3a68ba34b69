import type { z } from 'zod';
import type { HostOperation } from '../shared/api/host-contract.ts';
import { HOST_PAYLOADS } from '../shared/api/host-payloads.ts';
import { UserError } from '../shared/errors.ts';

/**
 * What comes from a page is untrusted: every payload is checked against its schema before
 * anything is touched, and a refusal reads the same whichever host or operation refused it.
 */

/** The one wording of a refused request: `请求内容无效（where：why）`. */
export function invalidRequest(detail: string): UserError {
  return new UserError(`请求内容无效（${detail}）`);
}

/** `value` as `schema` reads it, or the refusal naming the first field at fault. */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalidRequest(`${issue?.path.join('.') || '整体'}：${issue?.message}`);
}

export type HostPayload<Op extends HostOperation> = z.infer<(typeof HOST_PAYLOADS)[Op]>;

export function isHostOperation(name: string): name is HostOperation {
  return Object.hasOwn(HOST_PAYLOADS, name);
}

/** A host operation's payload, checked; a missing payload is an empty one. */
export function parseHostPayload<Op extends HostOperation>(
  op: Op,
  payload: unknown,
): HostPayload<Op> {
  return parsePayload(HOST_PAYLOADS[op], payload ?? {}) as HostPayload<Op>;
}
