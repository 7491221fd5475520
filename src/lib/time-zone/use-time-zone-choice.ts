import { skipToken, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLocation, useParams } from 'react-router';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import {
  installZone,
  installZoneNotice,
  readTimeZoneChoice,
  type InstallSettingsState,
  type TimeZoneChoice,
} from '#src/lib/time-zone/time-zone-choice.ts';
import { viewerTimeZone } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.ts';

export interface TimeZoneChoiceState {
  /** What the URL asks for (`tz`), the default when absent or invalid. */
  choice: TimeZoneChoice;
  /**
   * The IANA zone dates are shown in, or undefined for the viewer's own. 'UTC' until hydration,
   * since the server knows neither the viewer's zone nor (yet) the install's.
   */
  timeZone: string | undefined;
  /** The zone dates are shown in, in words: "My time zone (Europe/Paris)", "UTC". */
  label: string;
  /** The words for each choice, for the select: "Install (America/Chicago)". */
  choiceLabels: Record<TimeZoneChoice, string>;
  /** Set when the install's zone was chosen but cannot be used (dates fall back to the viewer's). */
  notice: string | null;
  /** The install whose settings name its zone, when the route has one. */
  installSid: string | null;
}

const UTC = 'UTC';

/** The key of the query a route without an install never runs. */
const NO_INSTALL_KEY = ['install-settings', 'none'];

/**
 * The "Times in" choice of the current URL (`tz`, read the same way on the list and the detail),
 * resolved to a zone. The install's settings are asked for only while the install's zone is
 * chosen; a cached answer (e.g. prefetched by the select) names the choice in any case.
 */
export function useTimeZoneChoice(): TimeZoneChoiceState {
  const { search } = useLocation();
  const { installSid } = useParams();
  const hydrated = useHydrated();
  const choice = useMemo(() => readTimeZoneChoice(new URLSearchParams(search)), [search]);
  const settingsOptions = useMemo(() => {
    const sids = installSettingsEndpoint.parseSids({ installSid });
    return sids.ok ? endpointQuery(installSettingsEndpoint, sids.value, undefined) : null;
  }, [installSid]);

  // A route without an install has nothing to ask for (skipToken). A disabled query still
  // reads the cache, so a prefetched answer names the install's zone before it is chosen.
  const settings = useQuery(
    settingsOptions === null
      ? { queryKey: NO_INSTALL_KEY, queryFn: skipToken }
      : { ...settingsOptions, enabled: choice === 'install' },
  );

  const state: InstallSettingsState =
    settingsOptions === null
      ? { status: 'no-install' }
      : settings.data !== undefined
        ? { status: 'success', defaultTimezone: settings.data.defaultTimezone }
        : settings.isError
          ? { status: 'error' }
          : { status: 'pending' };
  const install = installZone(state);
  const validInstallSid = settingsOptions === null ? null : (installSid ?? null);

  if (!hydrated) {
    // The server's HTML and the hydrating render must agree: neutral words and UTC dates only.
    return {
      choice,
      timeZone: UTC,
      label: UTC,
      choiceLabels: { viewer: 'My time zone', install: 'Install', utc: UTC },
      notice: null,
      installSid: validInstallSid,
    };
  }

  const viewerLabel = `My time zone (${viewerTimeZone()})`;
  const choiceLabels = {
    viewer: viewerLabel,
    install: install.ok ? `Install (${install.timeZone})` : 'Install',
    utc: UTC,
  };
  const base = { choice, choiceLabels, installSid: validInstallSid };
  switch (choice) {
    case 'utc':
      return { ...base, timeZone: UTC, label: UTC, notice: null };
    case 'install':
      return install.ok
        ? { ...base, timeZone: install.timeZone, label: choiceLabels.install, notice: null }
        : {
            ...base,
            timeZone: undefined,
            label: viewerLabel,
            notice: installZoneNotice(install.problem, install.raw),
          };
    case 'viewer':
      return { ...base, timeZone: undefined, label: viewerLabel, notice: null };
  }
}
