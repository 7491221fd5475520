/**
 * index.html's notice, hidden, for a page whose code cannot load or start (a dropped connection, a
 * deploy that replaced the files): the server's HTML stays readable, but nothing on it responds.
 * The inline loader shows it when the entry cannot load (scripts/paint-before-code.ts), this when
 * React cannot start.
 */
const CODE_FAILED_ID = 'code-failed';

/** Shows the notice and hands the error on, for the console and any error reporting. */
export function showCodeFailed(error: unknown): never {
  const notice = document.getElementById(CODE_FAILED_ID);
  if (notice !== null) notice.hidden = false;
  throw error;
}
