import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Browser mode serves a clerk's documents on this machine only. Three locks:
 * - it listens on 127.0.0.1 only (other machines cannot connect);
 * - the Host header must name that address and port, so a web page that rebinds its own
 *   domain name to 127.0.0.1 (DNS rebinding) is refused;
 * - a secret token is required on every request: the page's first load carries it in the URL
 *   the server printed and gets it back as an HttpOnly, SameSite=Strict cookie (for files) and
 *   in the page (for API calls, sent as an Authorization header that no other site can make a
 *   browser send).
 *
 * The token is made once per document (or start-page folder) and kept, with the port, in a
 * file only the user can read (server-state.ts), so a page survives a restart of its server;
 * `jxmb web --new-token` makes a fresh one.
 */

/**
 * Cookies are shared by every port of 127.0.0.1, so each server names its own: two servers (two
 * documents) open in one browser do not overwrite each other's.
 */
export function tokenCookie(port: number): string {
  return `jxmb_token_${port}`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Headers on every response: no caching of documents, no framing, no sniffing. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The same policy as the page's <meta> (renderer/index.html), sent as a header too. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
