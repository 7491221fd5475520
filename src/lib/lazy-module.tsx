import { startTransition, Suspense, use, useEffect, useState, type ComponentType } from 'react';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import { useHydrated } from '#src/lib/use-hydrated.tsx';

/** Every `import()` of the app goes through here: see docs/decisions/lazy-module-registry.md. */
export interface LazyModule<Module> {
  readonly loaded?: Module;
  /** Loads its code, once; a failed download (offline, a new deploy) is tried again next time. */
  load: () => Promise<Module>;
  /** The same, once the browser is idle, and never while a server-rendered page hydrates. */
  loadWhenIdle: () => Promise<Module>;
}

export interface LazyComponent<Props extends object> {
  Component: ComponentType<Props>;
  /** An extra: nothing while its code loads, and nothing if it cannot load. */
  Optional: ComponentType<Props>;
  /**
   * An extra the server renders, in a `display: contents` div: the browser keeps that HTML as it
   * is until the code, loaded when idle, renders it afresh; nothing if it cannot load (but see
   * `keepServerHtml`).
   */
  Deferred: ComponentType<Props>;
  load: () => Promise<unknown>;
  loadWhenIdle: () => Promise<unknown>;
}

const Nothing = () => null;

const declared: LazyModule<unknown>[] = [];

/** After this, the browser still gets an idle moment's load, busy or not. */
const IDLE_TIMEOUT_MS = 2_000;

let hydrated: Promise<void> = Promise.resolve();
let idle: Promise<void> | undefined;

/**
 * main.tsx, before hydrating server HTML: idle loads wait until the function it returns is called,
 * once hydration has committed (`<Hydrating onHydrated>`).
 */
export function holdIdleLoadsForHydration(): () => void {
  idle = undefined;
  let release: () => void = () => undefined;
  hydrated = new Promise((resolve) => {
    release = resolve;
  });
  return release;
}

function whenIdle(): Promise<void> {
  return (idle ??= hydrated.then(
    () =>
      new Promise((resolve) => {
        // Safari has no requestIdleCallback: a moment after the commit will do.
        if ('requestIdleCallback' in window) {
          window.requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
        } else setTimeout(resolve, 50);
      }),
  ));
}

export function lazyModule<Module>(importModule: () => Promise<Module>): LazyModule<Module> {
  let loading: Promise<Module> | undefined;
  const lazy: {
    loaded?: Module;
    load: () => Promise<Module>;
    loadWhenIdle: () => Promise<Module>;
  } = {
    load: () =>
      (loading ??= importModule().then(
        (module) => (lazy.loaded = module),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      )),
    loadWhenIdle: () =>
      lazy.loaded === undefined ? whenIdle().then(lazy.load) : Promise.resolve(lazy.loaded),
  };
  declared.push(lazy);
  return lazy;
}

/** Not React's lazy: that suspends on its first render even when the code is already here. */
export function lazyComponent<Props extends object>(
  importComponent: () => Promise<ComponentType<Props>>,
  {
    keepServerHtml = false,
  }: {
    /** Deferred, when its code cannot load: what the server rendered stays (words, plain links). */
    keepServerHtml?: boolean;
  } = {},
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
  function Deferred(props: Props) {
    const loaded = useLoadedWhenIdle(code);
    // Not a suspended boundary: React drops the server HTML of one whose props or context change
    // before its code arrives. What innerHTML holds, React neither hydrates nor replaces.
    if (loaded === undefined || (loaded === FAILED && keepServerHtml)) {
      return (
        <div className="contents" dangerouslySetInnerHTML={SERVER_HTML} suppressHydrationWarning />
      );
    }
    return <div className="contents">{loaded === FAILED ? null : <Optional {...props} />}</div>;
  }
  return { Component, Optional, Deferred, load: code.load, loadWhenIdle: code.loadWhenIdle };
}

const SERVER_HTML = { __html: '' };

const FAILED = Symbol('failed');

/** The module once loaded when idle (see loadWhenIdle), or FAILED; undefined until then. */
function useLoadedWhenIdle<Module>(lazy: LazyModule<Module>): Module | typeof FAILED | undefined {
  const [loaded, setLoaded] = useState<Module | typeof FAILED | undefined>(() => lazy.loaded);
  useEffect(() => {
    if (loaded !== undefined) return;
    let current = true;
    // In a transition: what the code brings renders in slices, not as one long task.
    const settle = (next: Module | typeof FAILED) => {
      if (current) startTransition(() => setLoaded(() => next));
    };
    lazy.loadWhenIdle().then(settle, () => settle(FAILED));
    return () => {
      current = false;
    };
  }, [lazy, loaded]);
  return loaded;
}

/**
 * A module for the browser alone, once hydrated and idle: undefined on the server, while
 * hydrating, until then, and if its code cannot load (the page goes on without it).
 */
export function useIdleModule<Module>(lazy: LazyModule<Module>): Module | undefined {
  const hydrated = useHydrated();
  const loaded = useLoadedWhenIdle(lazy);
  return hydrated && loaded !== FAILED ? loaded : undefined;
}

/** Also those the loaded ones declare: renderToString cannot wait for code. */
export async function loadAll(): Promise<void> {
  for (let count = 0; count < declared.length;) {
    count = declared.length;
    await Promise.all(declared.map((lazy) => lazy.load()));
  }
}
