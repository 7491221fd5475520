import { use, type ComponentType } from 'react';

/** Every `import()` of the app goes through here: see docs/decisions/lazy-module-registry.md. */
export interface LazyModule<Module> {
  readonly loaded?: Module;
  /** Loads its code, once; a failed download (offline, a new deploy) is tried again next time. */
  load: () => Promise<Module>;
}

export interface LazyComponent<Props extends object> {
  Component: ComponentType<Props>;
  load: () => Promise<unknown>;
}

const declared: LazyModule<unknown>[] = [];

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

/** Not React's lazy: that suspends on its first render even when the code is already here. */
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

/** Also those the loaded ones declare: renderToString cannot wait for code. */
export async function loadAll(): Promise<void> {
  for (let count = 0; count < declared.length;) {
    count = declared.length;
    await Promise.all(declared.map((lazy) => lazy.load()));
  }
}
