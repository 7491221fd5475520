import { use, type ComponentType } from 'react';

/**
 * Code split off into a chunk of its own, loaded on demand. Every `import()` of the app is
 * declared through lazyModule, so loadAll knows all of it and no list of chunks is kept by hand.
 */
export interface LazyModule<Module> {
  /** The module once its code is here. */
  readonly loaded?: Module;
  /** Loads its code, once; a failed download (offline, a new deploy) is tried again next time. */
  load: () => Promise<Module>;
}

/** A component whose code is its own chunk. */
export interface LazyComponent<Props extends object> {
  /** Renders it; a render before its code has loaded suspends until it has. */
  Component: ComponentType<Props>;
  load: () => Promise<unknown>;
}

const declared: LazyModule<unknown>[] = [];

/** Declares a split-off module; it is registered for loadAll when this runs. */
export function lazyModule<Module>(importModule: () => Promise<Module>): LazyModule<Module> {
  let loading: Promise<Module> | undefined;
  const lazy: { loaded?: Module; load: () => Promise<Module> } = {
    load: () =>
      (loading ??= importModule().then(
        (module) => (lazy.loaded = module),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      )),
  };
  declared.push(lazy);
  return lazy;
}

/**
 * Like React's lazy, but loadable ahead of rendering: React's lazy suspends on its first render
 * even when the code is already here, so a server-rendered page could not hydrate with it.
 */
export function lazyComponent<Props extends object>(
  importComponent: () => Promise<ComponentType<Props>>,
): LazyComponent<Props> {
  const code = lazyModule(importComponent);
  function Component(props: Props) {
    const Loaded = code.loaded ?? use(code.load());
    return <Loaded {...props} />;
  }
  return { Component, load: code.load };
}

/**
 * Loads every declared module, and those the loaded ones declare: the server's renderToString
 * (and a test) cannot wait for code.
 */
export async function loadAll(): Promise<void> {
  for (let count = 0; count < declared.length;) {
    count = declared.length;
    await Promise.all(declared.map((lazy) => lazy.load()));
  }
}
