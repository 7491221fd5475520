// @vitest-environment jsdom
import { afterEach, expect, test, vi } from 'vitest';
import { storedEntry } from '#src/lib/local-storage.ts';

afterEach(() => {
  vi.restoreAllMocks();
  window.localStorage.clear();
});

function blockStorage() {
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  });
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  });
  vi.spyOn(Storage.prototype, 'removeItem').mockImplementation(() => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  });
}

test('reads and writes the browser storage; null removes the entry', () => {
  const entry = storedEntry('sp-test');
  expect(entry.read()).toBeNull();
  entry.write('kept');
  expect(window.localStorage.getItem('sp-test')).toBe('kept');
  expect(entry.read()).toBe('kept');
  entry.write(null);
  expect(window.localStorage.getItem('sp-test')).toBeNull();
});

test('blocked storage throws nothing: the value lives in this page', () => {
  blockStorage();
  const entry = storedEntry('sp-test');
  expect(entry.read()).toBeNull();
  entry.write('kept');
  expect(entry.read()).toBe('kept');
  entry.write(null);
  expect(entry.read()).toBeNull();
});

test('a store that refuses writes keeps its value readable', () => {
  window.localStorage.setItem('sp-test', 'earlier');
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
  const entry = storedEntry('sp-test');
  entry.write('later');
  expect(entry.read()).toBe('earlier');
});

test("listeners hear this page's writes and other tabs' changes to this key, until they leave", () => {
  const entry = storedEntry('sp-test');
  const listener = vi.fn();
  const leave = entry.subscribe(listener);

  entry.write('here');
  window.dispatchEvent(new StorageEvent('storage', { key: 'sp-test', newValue: 'there' }));
  window.dispatchEvent(new StorageEvent('storage', { key: null }));
  window.dispatchEvent(new StorageEvent('storage', { key: 'sp-other', newValue: 'x' }));
  expect(listener).toHaveBeenCalledTimes(3);

  leave();
  entry.write('again');
  window.dispatchEvent(new StorageEvent('storage', { key: 'sp-test', newValue: 'again' }));
  expect(listener).toHaveBeenCalledTimes(3);
});
