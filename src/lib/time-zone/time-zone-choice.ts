/**
 * The "Times in" choice: which zone every date on the list and the session detail is shown in.
 * It lives in the URL as `tz=install` or `tz=utc`; the default, the viewer's own zone, is never
 * written, so plain links stay plain. Pure functions only: the hook and the select build on them.
 */
import { z } from 'zod/mini';
import { resolveTimeZone } from '#src/lib/format-date.ts';

export const TIME_ZONE_PARAM = 'tz';

export const TIME_ZONE_CHOICES = ['viewer', 'install', 'utc'] as const;
export type TimeZoneChoice = (typeof TIME_ZONE_CHOICES)[number];

export const DEFAULT_TIME_ZONE_CHOICE: TimeZoneChoice = 'viewer';

/** The values a URL may carry; the default has no spelling, so `tz=viewer` is not one of them. */
export const TIME_ZONE_PARAM_VALUES = ['install', 'utc'] as const;

export const timeZoneParamSchema = z.enum(TIME_ZONE_PARAM_VALUES);

/** How a dropped `tz` value is explained in the list's repair notice. */
export const TIME_ZONE_PARAM_HINT = `use ${TIME_ZONE_PARAM_VALUES.join(' or ')}`;

/** The choice a URL asks for: its first `tz` value, or the default when absent or invalid. */
export function readTimeZoneChoice(params: URLSearchParams): TimeZoneChoice {
  const result = timeZoneParamSchema.safeParse(params.get(TIME_ZONE_PARAM));
  return result.success ? result.data : DEFAULT_TIME_ZONE_CHOICE;
}

/** The `tz` value for a choice, or null for the default (omitted from the URL). */
export function timeZoneParamValue(choice: TimeZoneChoice): string | null {
  return choice === DEFAULT_TIME_ZONE_CHOICE ? null : choice;
}

/**
 * `params` with `tz` set for `choice` (removed for the default), other keys kept in order: for a
 * page without a codec of its own, e.g. the session detail, or a link that carries the choice.
 */
export function withTimeZoneChoice(
  params: URLSearchParams,
  choice: TimeZoneChoice,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const value = timeZoneParamValue(choice);
  if (value === null) next.delete(TIME_ZONE_PARAM);
  else next.set(TIME_ZONE_PARAM, value);
  return next;
}

/** What is known of the install's settings when the install's zone is wanted. */
export type InstallSettingsState =
  | { status: 'no-install' }
  | { status: 'pending' }
  | { status: 'error' }
  | { status: 'success'; defaultTimezone: string | null };

/** Why the install's zone cannot be used; the dates then fall back to the viewer's zone. */
export type InstallZoneProblem = 'unknown' | 'loading' | 'failed' | 'invalid';

export type InstallZone =
  { ok: true; timeZone: string } | { ok: false; problem: InstallZoneProblem; raw: string | null };

/** The install's zone as a usable IANA name, or why there is none. */
export function installZone(state: InstallSettingsState): InstallZone {
  switch (state.status) {
    case 'no-install':
      return { ok: false, problem: 'unknown', raw: null };
    case 'pending':
      return { ok: false, problem: 'loading', raw: null };
    case 'error':
      return { ok: false, problem: 'failed', raw: null };
    case 'success': {
      const raw = state.defaultTimezone?.trim() ?? '';
      if (raw === '') return { ok: false, problem: 'unknown', raw: null };
      const timeZone = resolveTimeZone(raw);
      return timeZone === null ? { ok: false, problem: 'invalid', raw } : { ok: true, timeZone };
    }
  }
}

/** The polite notice shown beside the choice when the install's zone cannot be used. */
export function installZoneNotice(problem: InstallZoneProblem, raw: string | null): string {
  switch (problem) {
    case 'unknown':
      return "The install's time zone is unknown; times are in your time zone.";
    case 'loading':
      return "The install's time zone is still loading; times are in your time zone until then.";
    case 'failed':
      return "The install's time zone could not be loaded; times are in your time zone.";
    case 'invalid':
      return `The install's time zone${raw === null ? '' : ` ("${raw}")`} is not one this browser knows; times are in your time zone.`;
  }
}
