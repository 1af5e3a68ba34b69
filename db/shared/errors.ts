/**
 * Why an operation was refused, when the page must act on it beyond showing the message:
 * - stale: the document changed (another page or window) since the page last saw it; the page
 *   refreshes and keeps what the clerk typed;
 * - gone: the unit, project or indicator the edit names no longer exists (deleted elsewhere);
 * - readOnly: this session is 只读 (another program holds the file); export and 另存为 still work;
 * - locked: the file is open in another program (the error carries who, where, since when);
 * - lockLost: another program took the file over; this session can no longer save;
 * - undoBlocked: someone else changed the document after this window's last edit.
 */
export type ErrorCode = 'stale' | 'gone' | 'readOnly' | 'locked' | 'lockLost' | 'undoBlocked';

/** Who holds a document's lock file (see db/file-lock.ts), as a second opener is told. */
export interface LockHolder {
  /** The user name of the holder (as the operating system knows it). */
  readonly user: string;
  /** The holder's computer name. */
  readonly host: string;
  readonly pid: number;
  /** ISO 8601: when the holder opened the document. */
  readonly since: string;
  /** ISO 8601: when the holder last confirmed it still has the document open. */
  readonly refreshed: string;
  /** True when the holder is known or presumed gone: the lock may be taken over. */
  readonly stale: boolean;
}

/**
 * An error caused by what the user gave us (a file, a value, a command), as opposed to a bug.
 * Its message is shown to the user as it is, in Chinese, so it must say what is wrong and
 * where; callers never print its stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly code: ErrorCode | undefined;
  readonly lock: LockHolder | undefined;

  constructor(
    message: string,
    options: ErrorOptions & { code?: ErrorCode; lock?: LockHolder } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.lock = options.lock;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
