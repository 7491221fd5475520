import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { Select } from '#src/components/ui/select.tsx';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { pageAnsweredQuery } from '#src/api/page-answers.ts';
import {
  TIME_ZONE_CHOICES,
  withTimeZoneChoice,
  type TimeZoneChoice,
} from '#src/lib/time-zone/time-zone-choice.ts';
import { useTimeZoneChoice } from '#src/lib/time-zone/use-time-zone-choice.ts';

/**
 * The "Times in" select, for any page whose dates follow the URL's `tz`: the list passes its own
 * `onChange` (its one path for view changes, which pushes); without one, the select sets `tz` in
 * the current URL itself. A notice beside it says when the install's zone cannot be used.
 */
export function TimeZoneSelect({ onChange }: { onChange?: (choice: TimeZoneChoice) => void }) {
  const { choice, choiceLabels, notice, installSid } = useTimeZoneChoice();
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const state: unknown = location.state;
  const queryClient = useQueryClient();
  const selectId = useId();
  const noticeId = useId();

  // Asked for only once someone reaches for the select, so opening a list costs no extra
  // request, yet the install's option can name its zone before it is chosen.
  function prefetchInstallZone() {
    if (installSid === null) return;
    // A failure costs nothing here: it is shown if the install's zone is then chosen.
    queryClient
      .query(pageAnsweredQuery(queryClient, installSettingsEndpoint, { installSid }, undefined))
      .catch(() => undefined);
  }

  function change(value: string) {
    const next = TIME_ZONE_CHOICES.find((candidate) => candidate === value);
    if (next === undefined || next === choice) return;
    if (onChange) onChange(next);
    // Replaced, keeping the entry's state: a page like the detail closes with Back (and reads
    // how it was opened from that state), which a pushed entry per zone would break.
    else setSearchParams(withTimeZoneChoice(searchParams, next), { replace: true, state });
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
      <label htmlFor={selectId}>Times in</label>
      <Select
        id={selectId}
        value={choice}
        aria-describedby={noticeId}
        onChange={(event) => change(event.target.value)}
        onFocus={prefetchInstallZone}
        onPointerEnter={prefetchInstallZone}
      >
        {TIME_ZONE_CHOICES.map((option) => (
          <option key={option} value={option}>
            {choiceLabels[option]}
          </option>
        ))}
      </Select>
      {/* Always present, so a screen reader announces the notice when it appears. */}
      <span id={noticeId} role="status" className="text-warning">
        {notice}
      </span>
    </span>
  );
}
