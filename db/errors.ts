/**
 * An error caused by what the user gave us (a file, a value, a command), as opposed to a bug.
 * Its message is shown to the user as it is, in Chinese, so it must say what is wrong and
 * where; callers never print its stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
