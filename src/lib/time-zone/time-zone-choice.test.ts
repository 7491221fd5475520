import { expect, test } from 'vitest';
import {
  installZone,
  installZoneNotice,
  readTimeZoneChoice,
  timeZoneParamValue,
  withTimeZoneChoice,
} from '#src/lib/time-zone/time-zone-choice.ts';
import { resolveTimeZone } from '#src/lib/format-date.ts';

test('readTimeZoneChoice reads tz=install and tz=utc, and the viewer’s zone otherwise', () => {
  expect(readTimeZoneChoice(new URLSearchParams('tz=install'))).toBe('install');
  expect(readTimeZoneChoice(new URLSearchParams('tz=utc&tz=install'))).toBe('utc');
  for (const query of ['', 'tz=', 'tz=UTC', 'tz=viewer', 'tz=Europe%2FParis', 'TZ=utc']) {
    expect(readTimeZoneChoice(new URLSearchParams(query))).toBe('viewer');
  }
});

test('the viewer’s zone has no URL value; the others are written as they are named', () => {
  expect(timeZoneParamValue('viewer')).toBeNull();
  expect(timeZoneParamValue('install')).toBe('install');
  expect(timeZoneParamValue('utc')).toBe('utc');
});

test('withTimeZoneChoice sets or removes tz and keeps every other key in order', () => {
  const params = new URLSearchParams('tab=events&tz=install&page=2');
  expect(withTimeZoneChoice(params, 'utc').toString()).toBe('tab=events&tz=utc&page=2');
  expect(withTimeZoneChoice(params, 'viewer').toString()).toBe('tab=events&page=2');
  expect(withTimeZoneChoice(new URLSearchParams('tab=events'), 'install').toString()).toBe(
    'tab=events&tz=install',
  );
  // The input is left alone: it is usually the router's own search params.
  expect(params.toString()).toBe('tab=events&tz=install&page=2');
});

test('resolveTimeZone gives the canonical IANA name, or null for a zone Intl does not know', () => {
  expect(resolveTimeZone('America/Chicago')).toBe('America/Chicago');
  expect(resolveTimeZone('america/chicago')).toBe('America/Chicago');
  expect(resolveTimeZone('UTC')).toBe('UTC');
  expect(resolveTimeZone('Mars/Olympus_Mons')).toBeNull();
  expect(resolveTimeZone('Central Standard Time')).toBeNull();
  expect(resolveTimeZone('')).toBeNull();
});

test('a usable install zone is resolved; each unusable one says why', () => {
  expect(installZone({ status: 'success', defaultTimezone: ' america/chicago ' })).toEqual({
    ok: true,
    timeZone: 'America/Chicago',
  });
  expect(installZone({ status: 'success', defaultTimezone: null })).toEqual({
    ok: false,
    problem: 'unknown',
    raw: null,
  });
  expect(installZone({ status: 'success', defaultTimezone: '  ' })).toMatchObject({
    problem: 'unknown',
  });
  expect(installZone({ status: 'no-install' })).toMatchObject({ problem: 'unknown' });
  expect(installZone({ status: 'pending' })).toMatchObject({ problem: 'loading' });
  expect(installZone({ status: 'error' })).toMatchObject({ problem: 'failed' });
  expect(installZone({ status: 'success', defaultTimezone: 'Mars/Olympus_Mons' })).toEqual({
    ok: false,
    problem: 'invalid',
    raw: 'Mars/Olympus_Mons',
  });
});

test('every notice says the times are in the viewer’s zone', () => {
  expect(installZoneNotice('unknown', null)).toBe(
    "The install's time zone is unknown; times are in your time zone.",
  );
  expect(installZoneNotice('invalid', 'Mars/Olympus_Mons')).toBe(
    'The install\'s time zone ("Mars/Olympus_Mons") is not one this browser knows; times are in your time zone.',
  );
  for (const problem of ['loading', 'failed'] as const) {
    expect(installZoneNotice(problem, null)).toMatch(/times are in your time zone/);
  }
});
