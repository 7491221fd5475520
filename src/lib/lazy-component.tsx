import { use, type ComponentType } from 'react';

/** A component whose code is its own chunk, loaded on demand. */
export interface LazyComponent<Props extends object> {
  /** Renders it; a render before its code has loaded suspends until it has. */
  Component: ComponentType<Props>;
  /**
   * Loads its code, once. Afterwards it renders without suspending, which is what the server's
   * renderToString (it cannot wait) and the hydration of that HTML need.
   */
  load: () => Promise<void>;
}

/**
 * Like React's lazy, but loadable ahead of rendering: React's lazy suspends on its first render
 * even when the code is already here, so a server-rendered page could not hydrate with it.
 */
export function lazyComponent<Props extends object>(
  loadComponent: () => Promise<ComponentType<Props>>,
): LazyComponent<Props> {
  let Loaded: ComponentType<Props> | undefined;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= loadComponent().then(
      (component) => {
        Loaded = component;
      },
      (error: unknown) => {
        // A failed download (offline, a new deploy) is tried again by the next render.
        loading = undefined;
        throw error;
      },
    ));
  function Component(props: Props) {
    if (Loaded === undefined) {
      use(load());
      return null;
    }
    return <Loaded {...props} />;
  }
  return { Component, load };
}
