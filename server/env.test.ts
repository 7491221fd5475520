import { expect, test } from 'vitest';
import { EnvError, parseEnv } from './env.ts';

test('an empty environment runs on demo data with the defaults', () => {
  expect(parseEnv({})).toEqual({
    port: 4173,
    host: '127.0.0.1',
    timeoutMs: 10_000,
    renderBudgetMs: 300,
    upstream: null,
  });
});

test('the render budget may be 0 (never wait) up to a minute, whole milliseconds only', () => {
  expect(parseEnv({ SP_RENDER_BUDGET_MS: '0' }).renderBudgetMs).toBe(0);
  for (const value of ['-1', '2.5', 'soon', '60001']) {
    expect(() => parseEnv({ SP_RENDER_BUDGET_MS: value })).toThrow(
      'SP_RENDER_BUDGET_MS must be a whole number of milliseconds from 0 to 60000.',
    );
  }
});

test('empty values count as unset', () => {
  expect(parseEnv({ PORT: '', SP_API_URL: '', SP_API_TOKEN: '' }).upstream).toBeNull();
});

test('the real API needs a URL and a token; the trailing slash is dropped', () => {
  const env = parseEnv({
    PORT: '8080',
    HOST: '0.0.0.0',
    SP_API_URL: 'https://api.smarterproctoring.com/',
    SP_API_TOKEN: 'secret',
    SP_API_TIMEOUT_MS: '2500',
    SP_RENDER_BUDGET_MS: '150',
  });

  expect(env).toEqual({
    port: 8080,
    host: '0.0.0.0',
    timeoutMs: 2500,
    renderBudgetMs: 150,
    upstream: { url: 'https://api.smarterproctoring.com', token: 'secret' },
  });
});

test('SP_API_URL without a token fails with a readable message', () => {
  expect(() => parseEnv({ SP_API_URL: 'https://api.smarterproctoring.com' })).toThrow(EnvError);
  expect(() => parseEnv({ SP_API_URL: 'https://api.smarterproctoring.com' })).toThrow(
    /The server cannot start because of its environment:\n {2}- SP_API_TOKEN is required when SP_API_URL is set/,
  );
});

test('every bad value is named at once', () => {
  let problems: string[] = [];
  try {
    parseEnv({ PORT: 'eighty', SP_API_URL: 'ftp://example.com', SP_API_TIMEOUT_MS: '-5' });
  } catch (error) {
    if (error instanceof EnvError) problems = error.problems;
  }

  expect(problems).toHaveLength(3);
  expect(problems.join('\n')).toMatch(/PORT must be/);
  expect(problems.join('\n')).toMatch(/SP_API_URL must be an http/);
  expect(problems.join('\n')).toMatch(/SP_API_TIMEOUT_MS must be/);
});

test('the token is only sent over https, except to a loopback stand-in', () => {
  expect(() =>
    parseEnv({ SP_API_URL: 'http://api.smarterproctoring.com', SP_API_TOKEN: 't' }),
  ).toThrow(/SP_API_URL must use https:\/\//);
  expect(parseEnv({ SP_API_URL: 'http://127.0.0.1:9000', SP_API_TOKEN: 't' }).upstream).toEqual({
    url: 'http://127.0.0.1:9000',
    token: 't',
  });
});

test('a user name or password in SP_API_URL is refused', () => {
  expect(() =>
    parseEnv({ SP_API_URL: 'https://user:pass@api.smarterproctoring.com', SP_API_TOKEN: 't' }),
  ).toThrow(/must not contain a user name or password/);
});
