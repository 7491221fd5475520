import { act, render, screen, within } from '@testing-library/react';
import { createContext, Suspense, type ComponentType, type ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { expect, test, vi } from 'vitest';
import {
  holdIdleLoadsForHydration,
  lazyComponent,
  lazyModule,
  loadAll,
  useIdleModule,
  type LazyComponent,
} from '#src/lib/lazy-module.tsx';
import { Hydrating, ServerRendered } from '#src/lib/use-hydrated.tsx';

function Greeting({ name }: { name: string }) {
  return <p>Hello, {name}</p>;
}

test('before its code is loaded it suspends, then renders with its props', async () => {
  let downloads = 0;
  let finishDownload: (component: ComponentType<{ name: string }>) => void = () => undefined;
  const greeting = lazyComponent(() => {
    downloads += 1;
    return new Promise<ComponentType<{ name: string }>>((resolve) => {
      finishDownload = resolve;
    });
  });

  // A render that suspends must be awaited inside act, or React warns (and the setup fails).
  // eslint-disable-next-line testing-library/no-unnecessary-act
  await act(async () => {
    render(
      <Suspense fallback={<p>Loading…</p>}>
        <greeting.Component name="Maya" />
      </Suspense>,
    );
    await Promise.resolve();
  });
  expect(screen.getByText('Loading…')).toBeInTheDocument();

  await act(async () => {
    finishDownload(Greeting);
    await greeting.load();
  });
  expect(screen.getByText('Hello, Maya')).toBeInTheDocument();
  expect(downloads).toBe(1);
});

test('once loaded it renders at once, as renderToString and hydration need', async () => {
  const greeting = lazyComponent(() => Promise.resolve(Greeting));
  await greeting.load();

  const view = renderToString(
    <Suspense fallback={<p>Loading…</p>}>
      <greeting.Component name="Ana" />
    </Suspense>,
  );

  expect(view).toContain('Hello, <!-- -->Ana');
  expect(view).not.toContain('Loading…');
});

test('a failed download is tried again by the next load', async () => {
  let attempts = 0;
  const greeting = lazyComponent(() => {
    attempts += 1;
    return attempts === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(Greeting);
  });

  await expect(greeting.load()).rejects.toThrow('offline');
  await greeting.load();

  expect(attempts).toBe(2);
  expect(renderToString(<greeting.Component name="Lee" />)).toContain('Lee');
});

test('a module’s code is at hand, without waiting, once loaded', async () => {
  const module = lazyModule(() => Promise.resolve({ answer: 42 }));
  expect(module.loaded).toBeUndefined();

  await module.load();

  expect(module.loaded).toEqual({ answer: 42 });
});

test('loadAll loads every declared module, and those the loaded ones declare', async () => {
  let inner: { loaded?: unknown } | undefined;
  const outer = lazyModule(() => {
    // A chunk that declares a chunk of its own, as the export button does with the export run.
    inner = lazyModule(() => Promise.resolve('inner code'));
    return Promise.resolve('outer code');
  });

  await loadAll();

  expect(outer.loaded).toBe('outer code');
  expect(inner?.loaded).toBe('inner code');
});

const Zone = createContext('UTC');

/** A page whose deferred part sits under a context, as the list's parts sit under its zone. */
function Page({
  greeting,
  name,
  zone,
  children,
}: {
  greeting: LazyComponent<{ name: string }>;
  name: string;
  zone: string;
  children?: ReactNode;
}) {
  return (
    <Zone value={zone}>
      <main>
        <greeting.Deferred name={name} />
      </main>
      {children}
    </Zone>
  );
}

test('a deferred part keeps the server’s HTML through new props and context until its code, asked for once hydrated and idle, renders it afresh', async () => {
  const onServer = lazyComponent(() => Promise.resolve(Greeting));
  await onServer.load();
  const container = document.createElement('div');
  container.innerHTML = renderToString(<Page greeting={onServer} name="Ana" zone="UTC" />);
  document.body.append(container);

  let downloads = 0;
  let finishDownload: (component: ComponentType<{ name: string }>) => void = () => undefined;
  const inBrowser = lazyComponent(() => {
    downloads += 1;
    return new Promise<ComponentType<{ name: string }>>((resolve) => {
      finishDownload = resolve;
    });
  });
  const hydrationCommitted = holdIdleLoadsForHydration();
  // A hydration error would go to console.error, which fails the test (src/testing/setup.ts).
  const root = await act(() =>
    hydrateRoot(container, <Page greeting={inBrowser} name="Ana" zone="UTC" />),
  );
  // The root's own render, not Testing Library's: it must run inside act.
  // eslint-disable-next-line testing-library/no-unnecessary-act
  act(() => {
    root.render(<Page greeting={inBrowser} name="Maya" zone="Europe/Paris" />);
  });
  await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
  expect(container).toHaveTextContent('Hello, Ana');
  expect(downloads).toBe(0);

  // eslint-disable-next-line testing-library/no-unnecessary-act
  act(() => {
    root.render(<Page greeting={inBrowser} name="Maya" zone="Europe/Paris" />);
    hydrationCommitted();
  });
  await vi.waitFor(() => expect(downloads).toBe(1));
  expect(container).toHaveTextContent('Hello, Ana');
  await act(async () => {
    finishDownload(Greeting);
    await inBrowser.load();
  });
  expect(container).toHaveTextContent('Hello, Maya');
  root.unmount();
  container.remove();
});

test('an idle module is missing on the server and while hydrating, and there once loaded', async () => {
  const code = lazyModule(() => Promise.resolve({ word: 'here' }));
  function Probe() {
    return <p>{useIdleModule(code)?.word ?? 'missing'}</p>;
  }
  await code.load();
  const container = document.createElement('div');
  container.innerHTML = renderToString(
    <ServerRendered>
      <Probe />
    </ServerRendered>,
  );
  expect(container).toHaveTextContent('missing');
  document.body.append(container);
  // Hydration renders 'missing' too, or React reports a mismatch.
  const recoverable: unknown[] = [];
  const root = await act(() =>
    hydrateRoot(
      container,
      <Hydrating>
        <Probe />
      </Hydrating>,
      { onRecoverableError: (error) => recoverable.push(error) },
    ),
  );
  await vi.waitFor(() => expect(container).toHaveTextContent('here'));
  expect(recoverable).toEqual([]);
  root.unmount();
  container.remove();

  render(<Probe />);
  expect(screen.getByText('here')).toBeInTheDocument();
});

test.each([
  { keepServerHtml: false, shown: '' },
  { keepServerHtml: true, shown: 'Hello, Ana' },
])(
  'a deferred part whose code cannot load shows $shown (keepServerHtml: $keepServerHtml)',
  async ({ keepServerHtml, shown }) => {
    const onServer = lazyComponent(() => Promise.resolve(Greeting));
    await onServer.load();
    const container = document.createElement('div');
    container.innerHTML = renderToString(<Page greeting={onServer} name="Ana" zone="UTC" />);
    document.body.append(container);

    const inBrowser = lazyComponent<{ name: string }>(() => Promise.reject(new Error('offline')), {
      keepServerHtml,
    });
    const hydrationCommitted = holdIdleLoadsForHydration();
    const root = await act(() =>
      hydrateRoot(
        container,
        <Hydrating onHydrated={hydrationCommitted}>
          <Page greeting={inBrowser} name="Ana" zone="UTC" />
        </Hydrating>,
      ),
    );
    await act(() => inBrowser.loadWhenIdle().catch(() => undefined));
    await vi.waitFor(() => expect(within(container).getByRole('main').textContent).toBe(shown));
    root.unmount();
    container.remove();
  },
);
