// Imported by the list: it stays small and holds none of the detail page's code.
import { z } from 'zod/mini';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';

export interface DetailRouteSids extends SessionListSids {
  sessionSid: string;
}

export function sessionDetailPagePath(sids: DetailRouteSids): string {
  return buildPath(PAGE_ROUTES.sessionDetail, sids);
}

/** On the detail's history entry when a row opened it: the entry before is that very list. */
const openedFromListSchema = z.object({ returnSearch: z.string(), fromList: z.literal(true) });

export type OpenedFromList = z.infer<typeof openedFromListSchema>;

export function readOpenedFromList(state: unknown): OpenedFromList | null {
  const parsed = openedFromListSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

/** On the list's history entry: the row to give focus back to. */
const focusRowSchema = z.object({ focusSessionSid: z.string() });

export function readFocusSessionSid(state: unknown): string | null {
  const parsed = focusRowSchema.safeParse(state);
  return parsed.success ? parsed.data.focusSessionSid : null;
}

export function withFocusSessionSid(state: unknown, sessionSid: string): object {
  const kept = typeof state === 'object' && state !== null ? state : {};
  return { ...kept, focusSessionSid: sessionSid };
}
