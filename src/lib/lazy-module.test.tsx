import { act, render, screen } from '@testing-library/react';
import { Suspense, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, test } from 'vitest';
import { lazyComponent, lazyModule, loadAll } from '#src/lib/lazy-module.tsx';

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
