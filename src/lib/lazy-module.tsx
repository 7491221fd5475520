import { Suspense, use, type ComponentType } from 'react';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';

/** Every `import()` of the app goes through here: see docs/decisions/lazy-module-registry.md. */
export interface LazyModule<Module> {
  readonly loaded?: Module;
  /** Loads its code, once; a failed download (offline, a new deploy) is tried again next time. */
  load: () => Promise<Module>;
}

export interface LazyComponent<Props extends object> {
  Component: ComponentType<Props>;
  /** An extra: nothing while its code loads, and nothing if it cannot load. */
  Optional: ComponentType<Props>;
  load: () => Promise<unknown>;
}

const Nothing = () => null;

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
    // Loaded is the module's own component, the same on every render.
    // eslint-disable-next-line react-hooks/static-components
    return <Loaded {...props} />;
  }
  function Optional(props: Props) {
    return (
      <ErrorBoundary fallback={Nothing}>
        <Suspense fallback={null}>
          <Component {...props} />
        </Suspense>
      </ErrorBoundary>
    );
  }
  return { Component, Optional, load: code.load };
}

/** Also those the loaded ones declare: renderToString cannot wait for code. */
export async function loadAll(): Promise<void> {
  for (let count = 0; count < declared.length;) {
    count = declared.length;
    await Promise.all(declared.map((lazy) => lazy.load()));
  }
}
