// See docs/decisions/metrics.md: every label value comes from a short list we declare (route
// patterns, endpoint names, priorities, outcomes, statuses), never a sid or a token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApiEnv } from '#server/http/api-env.ts';
import { whenAnswered } from '#server/http/streamed-html.ts';
import { RENDER_OUTCOMES, type RenderOutcome } from '#server/rendering/page-renderer.ts';
import type { SharedStateHealth } from '#server/shared-state/shared-state.ts';
import type { UpstreamCallEvent, UpstreamStateReading } from '#server/upstream/client.ts';

export const METRICS_PATH = '/metrics';

const PREFIX = 'sp_dashboard_';
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const COUNTED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

export interface MetricsDeps {
  /** Read once per scrape; without it the upstream state gauges are left out. */
  readUpstreamState?: () => Promise<UpstreamStateReading>;
  sharedStateHealth?: () => SharedStateHealth;
}

export interface Metrics {
  registry: Registry;
  /** Middleware: each request by method, route pattern and status, with its duration. */
  countRequests: MiddlewareHandler<ApiEnv>;
  /** For the upstream client's onCall. */
  countUpstreamCall: (event: UpstreamCallEvent) => void;
  /** For the page handler's onRender. */
  countRender: (outcome: RenderOutcome) => void;
}

/** A registry of its own, so that each app (and each test) counts apart. */
export function createMetrics({ readUpstreamState, sharedStateHealth }: MetricsDeps = {}): Metrics {
  const registry = new Registry();
  // Unprefixed on purpose: the usual Node.js dashboards look for these names.
  collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Requests answered, by method, route pattern and status, and how long each took.',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const upstreamCalls = new Histogram({
    name: `${PREFIX}upstream_call_duration_seconds`,
    help: 'Upstream calls by declared endpoint, quota priority, outcome (network, cache, stale, shared, held, quota, breaker) and upstream status ("none" without an answer), and how long each took.',
    labelNames: ['endpoint', 'priority', 'outcome', 'upstream_status'],
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const renders = new Counter({
    name: `${PREFIX}page_renders_total`,
    help: 'Server-rendered pages by outcome: with_rows, past_budget, list_failed (the skeleton ships), no_wait (no list to wait for), render_failed (the bare shell ships).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // Zero from the start, so that rate() sees the first one.
  for (const outcome of RENDER_OUTCOMES) renders.labels({ outcome }).inc(0);

  if (readUpstreamState !== undefined) addUpstreamStateGauges(registry, readUpstreamState);
  if (sharedStateHealth !== undefined) {
    const degraded: Gauge = new Gauge({
      name: `${PREFIX}shared_state_degraded`,
      help: '1 while REDIS_URL is set but not answering (this instance serves from its own memory), else 0.',
      registers: [registry],
      collect: () => {
        degraded.set(sharedStateHealth() === 'degraded' ? 1 : 0);
      },
    });
  }

  return {
    registry,
    countRequests: async (c, next) => {
      const stopTimer = requests.startTimer();
      try {
        await next();
      } finally {
        const labels = {
          method: COUNTED_METHODS.has(c.req.method) ? c.req.method : 'other',
          route: routePath(c),
          status: String(c.res.status),
        };
        // A streamed page counts until its last part is written.
        whenAnswered(c, () => stopTimer(labels));
      }
    },
    countUpstreamCall: (event) =>
      upstreamCalls.observe(
        {
          endpoint: event.endpoint,
          priority: event.priority,
          outcome: event.source,
          upstream_status: upstreamStatusLabel(event.upstreamStatus),
        },
        event.durationMs / 1000,
      ),
    countRender: (outcome) => renders.inc({ outcome }),
  };
}

/** HTTP statuses are three digits: anything else would open the label to any value. */
function upstreamStatusLabel(status: number | undefined): string {
  if (status === undefined) return 'none';
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'other';
}

function addUpstreamStateGauges(
  registry: Registry,
  read: () => Promise<UpstreamStateReading>,
): void {
  const readOncePerScrape = sharedWhilePending(read);
  const gauge = (name: string, help: string, value: (state: UpstreamStateReading) => number) => {
    const series: Gauge = new Gauge({
      name: `${PREFIX}${name}`,
      help,
      registers: [registry],
      collect: async () => {
        const state = await readOncePerScrape();
        const current = state === null ? NaN : value(state);
        // A failed reading leaves the series out rather than showing an old value as current.
        if (Number.isFinite(current)) series.set(current);
        else series.remove({});
      },
    });
  };
  gauge(
    'upstream_quota_calls_used',
    'Upstream calls spent in the current minute, summed over tokens.',
    (state) => state.budgetUsed,
  );
  gauge(
    'upstream_quota_calls_left',
    'Upstream calls left in the current minute, summed over tokens; absent without a budget.',
    (state) => Math.max(0, state.budgetLimit - state.budgetUsed),
  );
  gauge(
    'upstream_held_tokens',
    'Tokens held back after an upstream 429.',
    (state) => state.heldTokens,
  );
  gauge(
    'upstream_breaker_open',
    '1 while the circuit breaker is open (the upstream is only probed), else 0.',
    (state) => (state.breakerOpen ? 1 : 0),
  );
}

/** The gauges are collected together: calls made while one reading is pending share it. */
function sharedWhilePending<T>(read: () => Promise<T>): () => Promise<T | null> {
  let pending: Promise<T | null> | null = null;
  return () =>
    (pending ??= read()
      .catch(() => null)
      .finally(() => {
        pending = null;
      }));
}

/** `token`: asked as `Authorization: Bearer <token>`; null answers anyone who reaches it. */
export function exposeMetrics(metrics: Metrics, token: string | null) {
  const tokenDigest = token === null ? null : sha256(token);
  return async (c: Context): Promise<Response> => {
    if (tokenDigest !== null && !bearerMatches(c.req.header('Authorization'), tokenDigest)) {
      return c.text('Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.', 401, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
        'Cache-Control': 'no-store',
      });
    }
    return c.body(await metrics.registry.metrics(), 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  };
}

/** What METRICS_PORT serves: /metrics and nothing else, for any Host (scrapers use addresses). */
export function createMetricsApp(metrics: Metrics, token: string | null): Hono {
  return new Hono()
    .get(METRICS_PATH, exposeMetrics(metrics, token))
    .all('*', (c) => c.text(`Only ${METRICS_PATH} answers on this port.`, 404));
}

/** Digests of equal length, so the comparison takes as long whatever was sent. */
function bearerMatches(header: string | undefined, tokenDigest: Buffer): boolean {
  const sent = /^Bearer (\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(sha256(sent), tokenDigest);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
