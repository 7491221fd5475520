// See docs/decisions/upstream-shared-calls-and-cache.md.
interface Flight<T> {
  result: Promise<T>;
  waiters: number;
  /** Aborted when the last waiter leaves. */
  giveUp: AbortController;
}

/** `shared`: the call was already in flight. `left`: the caller's signal fired first. */
export type Joined<T> = { result: T; shared: boolean } | { left: true; shared: boolean };

export class SharedFlights<T> {
  readonly #flights = new Map<string, Flight<T>>();

  has(key: string): boolean {
    return this.#flights.has(key);
  }

  /** `start` must not reject. `signal` ends only this caller's wait. */
  join(
    key: string,
    start: (giveUp: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<Joined<T>> {
    if (signal?.aborted === true) return Promise.resolve({ left: true, shared: false });
    let flight = this.#flights.get(key);
    const shared = flight !== undefined;
    if (flight === undefined) {
      const giveUp = new AbortController();
      const started: Flight<T> = { result: start(giveUp.signal), waiters: 0, giveUp };
      this.#flights.set(key, started);
      void started.result.finally(() => {
        this.#forget(key, started);
      });
      flight = started;
    }
    const joined = flight;
    joined.waiters += 1;
    if (signal === undefined) return joined.result.then((result) => ({ result, shared }));
    return new Promise((resolve) => {
      const leave = () => {
        joined.waiters -= 1;
        if (joined.waiters === 0) {
          // Later callers start afresh rather than join a request that is being dropped.
          this.#forget(key, joined);
          joined.giveUp.abort();
        }
        resolve({ left: true, shared });
      };
      signal.addEventListener('abort', leave, { once: true });
      void joined.result.then((result) => {
        signal.removeEventListener('abort', leave);
        resolve({ result, shared });
      });
    });
  }

  #forget(key: string, flight: Flight<T>): void {
    if (this.#flights.get(key) === flight) this.#flights.delete(key);
  }
}
