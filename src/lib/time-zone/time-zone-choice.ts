// See docs/decisions/times-in-choice.md.
import { z } from 'zod/mini';
import { resolveTimeZone } from '#src/lib/format-date.ts';

export const TIME_ZONE_PARAM = 'tz';

export const TIME_ZONE_CHOICES = ['viewer', 'install', 'utc'] as const;
export type TimeZoneChoice = (typeof TIME_ZONE_CHOICES)[number];

export const DEFAULT_TIME_ZONE_CHOICE: TimeZoneChoice = 'viewer';

/** The default has no spelling: `tz=viewer` is not one. */
export const TIME_ZONE_PARAM_VALUES = ['install', 'utc'] as const;

export const timeZoneParamSchema = z.enum(TIME_ZONE_PARAM_VALUES);

export const TIME_ZONE_PARAM_HINT = `use ${TIME_ZONE_PARAM_VALUES.join(' or ')}`;

export function readTimeZoneChoice(params: URLSearchParams): TimeZoneChoice {
  const result = timeZoneParamSchema.safeParse(params.get(TIME_ZONE_PARAM));
  return result.success ? result.data : DEFAULT_TIME_ZONE_CHOICE;
}

export function timeZoneParamValue(choice: TimeZoneChoice): string | null {
  return choice === DEFAULT_TIME_ZONE_CHOICE ? null : choice;
}

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

export type InstallSettingsState =
  | { status: 'no-install' }
  | { status: 'pending' }
  | { status: 'error' }
  | { status: 'success'; defaultTimezone: string | null };

export type InstallZoneProblem = 'unknown' | 'loading' | 'failed' | 'invalid';

export type InstallZone =
  { ok: true; timeZone: string } | { ok: false; problem: InstallZoneProblem; raw: string | null };

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
