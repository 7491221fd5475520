// See docs/decisions/upstream-shared-calls-and-cache.md.
export interface ResponseCacheOptions {
  /** 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
  /** Sum of the kept answers' body sizes. */
  maxBytes: number;
  now: () => number;
}

interface Entry<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

export class ResponseCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #options: ResponseCacheOptions;
  #bytes = 0;

  constructor(options: ResponseCacheOptions) {
    this.#options = options;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#options.now()) {
      this.#delete(key, entry);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, bytes: number): void {
    const { ttlMs, maxEntries, maxBytes, now } = this.#options;
    if (ttlMs <= 0 || bytes > maxBytes) return;
    const existing = this.#entries.get(key);
    if (existing !== undefined) this.#delete(key, existing);
    // Map order is insertion order, so the first entries are the oldest.
    this.#entries.set(key, { value, bytes, expiresAt: now() + ttlMs });
    this.#bytes += bytes;
    for (const [oldKey, oldEntry] of this.#entries) {
      if (this.#entries.size <= maxEntries && this.#bytes <= maxBytes) break;
      this.#delete(oldKey, oldEntry);
    }
  }

  #delete(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}
