// A composed endpoint's answer, reused for its declared time: see upstream-shared-calls-and-cache.md.
import { ResponseCache } from '#server/upstream/cache.ts';

/** `whole`: no part failed, so the answer may be reused. */
export type Compute<Answer> = (signal?: AbortSignal) => Promise<{ answer: Answer; whole: boolean }>;

interface Kept<Answer> {
  answer: Answer;
  freshUntil: number;
}

/** Fresh for `reuseMs`; for as long again, answered at once while one refresh runs behind it. */
export class ReusedAnswers<Answer> {
  readonly #kept: ResponseCache<Kept<Answer>>;
  readonly #refreshing = new Set<string>();
  readonly #reuseMs: number;
  readonly #now: () => number;

  constructor(reuseMs: number, now: () => number = Date.now, maxEntries = 500) {
    this.#reuseMs = reuseMs;
    this.#now = now;
    this.#kept = new ResponseCache({
      ttlMs: 2 * reuseMs,
      maxEntries,
      maxBytes: 8 * 1024 * 1024,
      now,
    });
  }

  async get(key: string, compute: Compute<Answer>, signal?: AbortSignal): Promise<Answer> {
    const kept = this.#kept.get(key);
    if (kept !== undefined && kept.freshUntil > this.#now()) return kept.answer;
    if (kept !== undefined) {
      this.#refresh(key, compute);
      return kept.answer;
    }
    const computed = await compute(signal);
    this.#keep(key, computed);
    return computed.answer;
  }

  #refresh(key: string, compute: Compute<Answer>): void {
    if (this.#refreshing.has(key)) return;
    this.#refreshing.add(key);
    // No caller waits for it; a failed refresh leaves the stale answer to its end.
    compute()
      .then((computed) => this.#keep(key, computed))
      .catch(() => undefined)
      .finally(() => this.#refreshing.delete(key));
  }

  #keep(key: string, { answer, whole }: { answer: Answer; whole: boolean }): void {
    if (!whole) return;
    const bytes = JSON.stringify(answer).length;
    this.#kept.set(key, { answer, freshUntil: this.#now() + this.#reuseMs }, bytes);
  }
}
