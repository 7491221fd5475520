/** Runs `action` now if the page is seen, else once it is shown again: hidden tabs ask nothing. */
export function whenVisible(action: () => void): void {
  if (document.visibilityState === 'visible') {
    action();
    return;
  }
  const onChange = () => {
    if (document.visibilityState !== 'visible') return;
    document.removeEventListener('visibilitychange', onChange);
    action();
  };
  document.addEventListener('visibilitychange', onChange);
}
