// See docs/decisions/paint-before-code.md: the inline loader shows this notice when the entry
// cannot load, this module when React DOM cannot load.
const CODE_FAILED_ID = 'code-failed';

/** Shows the notice and hands the error on, for the console and any error reporting. */
export function showCodeFailed(error: unknown): never {
  const notice = document.getElementById(CODE_FAILED_ID);
  if (notice !== null) notice.hidden = false;
  throw error;
}
