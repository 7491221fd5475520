/** Every endpoint our /api serves: the server mounts this table, and tests walk it. */
import { some, type SomeSource } from '#src/api/contract/endpoint.ts';
import { installSettingsSource } from '#src/api/contract/install-settings.ts';
import { listContextSource } from '#src/api/contract/list-context.ts';
import { sessionDetailSource } from '#src/api/contract/session-detail.ts';
import { sessionListSource } from '#src/api/contract/session-list.ts';
import { SESSION_RECORD_SOURCES } from '#src/api/contract/session-records.ts';
import { statusCountsSource } from '#src/api/contract/status-counts.ts';
import { userProfileSource } from '#src/api/contract/user-profile.ts';

export const API_SOURCES: readonly SomeSource[] = [
  some(sessionListSource),
  some(statusCountsSource),
  some(listContextSource),
  some(sessionDetailSource),
  some(SESSION_RECORD_SOURCES.events),
  some(SESSION_RECORD_SOURCES.annotations),
  some(userProfileSource),
  some(installSettingsSource),
];
