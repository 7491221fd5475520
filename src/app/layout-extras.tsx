import { lazyComponent } from '#src/lib/lazy-module.tsx';

// Around every page and rendered by the server, but read or used, never needed to hydrate the
// page: their code comes with the extras once it is idle, and their HTML stays until then.

export const DemoBanner = lazyComponent(
  () => import('#src/app/demo-banner.tsx').then((module) => module.DemoBanner),
  { keepServerHtml: true },
).Deferred;

// Its Sign out is a plain form, which works without the code.
export const AccountStatus = lazyComponent(
  () => import('#src/app/account-status.tsx').then((module) => module.AccountStatus),
  { keepServerHtml: true },
).Deferred;

export const ThemeSelect = lazyComponent(() =>
  import('#src/features/theme/index.ts').then((module) => module.ThemeSelect),
).Deferred;
