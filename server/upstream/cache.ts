// See docs/decisions/upstream-shared-calls-and-cache.md. Callers judge freshness by the age.
export interface ResponseCacheOptions {
  maxEntries: number;
  /** Sum of the kept answers' body sizes. */
  maxBytes: number;
  now: () => number;
}

interface Entry<V> {
  value: V;
  bytes: number;
  storedAt: number;
  keptUntil: number;
}

export interface CachedAnswer<V> {
  value: V;
  ageMs: number;
}

export class ResponseCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #options: ResponseCacheOptions;
  #bytes = 0;

  constructor(options: ResponseCacheOptions) {
    this.#options = options;
  }

  get(key: string): CachedAnswer<V> | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const at = this.#options.now();
    if (entry.keptUntil <= at) {
      this.#delete(key, entry);
      return undefined;
    }
    return { value: entry.value, ageMs: at - entry.storedAt };
  }

  /** Kept for `keepMs` from `storedAt` (0 keeps nothing). */
  set(key: string, value: V, bytes: number, keepMs: number, storedAt = this.#options.now()): void {
    const { maxEntries, maxBytes, now } = this.#options;
    if (keepMs <= 0 || bytes > maxBytes || storedAt + keepMs <= now()) return;
    const existing = this.#entries.get(key);
    if (existing !== undefined) this.#delete(key, existing);
    // Map order is insertion order, so the first entries are the oldest.
    this.#entries.set(key, { value, bytes, storedAt, keptUntil: storedAt + keepMs });
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
