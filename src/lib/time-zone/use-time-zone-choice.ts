import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLocation, useParams } from 'react-router';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { pageAnsweredQuery } from '#src/api/page-answers.ts';
import {
  installZone,
  installZoneNotice,
  readTimeZoneChoice,
  type InstallSettingsState,
  type TimeZoneChoice,
} from '#src/lib/time-zone/time-zone-choice.ts';
import { viewerTimeZone } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.tsx';

export interface TimeZoneChoiceState {
  choice: TimeZoneChoice;
  /** Undefined for the viewer's own; 'UTC' until hydration. */
  timeZone: string | undefined;
  label: string;
  choiceLabels: Record<TimeZoneChoice, string>;
  notice: string | null;
  installSid: string | null;
}

const UTC = 'UTC';

const NO_INSTALL_KEY = ['no-install'];

/** The install's settings are asked for only while its zone is chosen. */
export function useTimeZoneChoice(): TimeZoneChoiceState {
  const { search } = useLocation();
  const { installSid } = useParams();
  const hydrated = useHydrated();
  const choice = useMemo(() => readTimeZoneChoice(new URLSearchParams(search)), [search]);
  const queryClient = useQueryClient();
  const settingsOptions = useMemo(() => {
    const sids = installSettingsEndpoint.parseSids({ installSid });
    return sids.ok
      ? pageAnsweredQuery(queryClient, installSettingsEndpoint, sids.value, undefined)
      : null;
  }, [queryClient, installSid]);

  // A disabled query still reads the cache: a prefetched answer names the zone before it is chosen.
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
