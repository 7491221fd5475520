import { lazyComponent } from '#src/lib/lazy-module.tsx';

// Each is shown only in a state the list is seldom in: their code comes with the extras. What
// the server renders of them is worth reading without it.

/** Rendered by the server, whose HTML stays until the code arrives. */
export const InvalidSidsState = lazyComponent(
  () =>
    import('#src/features/sessions/session-states.tsx').then((module) => module.InvalidSidsState),
  { keepServerHtml: true },
).Deferred;

/** Rendered by the server, whose HTML stays until the code arrives. */
export const EmptyState = lazyComponent(
  () => import('#src/features/sessions/session-states.tsx').then((module) => module.EmptyState),
  { keepServerHtml: true },
).Deferred;

/** Only in the browser, after a repaired link: fetched when there is one. */
export const ListNotice = lazyComponent(() =>
  import('#src/features/sessions/session-states.tsx').then((module) => module.ListNotice),
).Optional;
