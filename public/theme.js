// Applies the stored theme choice (src/features/theme/theme-preference.ts, key "sp-theme") before
// the first paint, so a page never flashes the other theme. Loaded by index.html as a blocking
// script from this origin: the CSP allows no inline script. It must never throw.
(function () {
  try {
    var theme = window.localStorage.getItem('sp-theme');
    if (theme === 'light' || theme === 'dark') {
      document.documentElement.setAttribute('data-theme', theme);
    }
  } catch {
    // No storage (blocked, private mode): the system's theme it is.
  }
})();
