/**
 * How the list and a session's detail hand over to each other: the detail's path, and what each
 * leaves in history state for the other. Imported by the list, so it stays small and holds none of
 * the detail page's code (that is loaded on demand).
 */
import { z } from 'zod/mini';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';

/** The list's sids plus the session's: what the detail route carries. */
export interface DetailRouteSids extends SessionListSids {
  sessionSid: string;
}

export function sessionDetailPagePath(sids: DetailRouteSids): string {
  return buildPath(PAGE_ROUTES.sessionDetail, sids);
}

/**
 * Set on the detail's history entry when a list row opened it: the list's query (without "?"),
 * and that the entry before is that very list, so closing can go back to it.
 */
const openedFromListSchema = z.object({ returnSearch: z.string(), fromList: z.literal(true) });

export type OpenedFromList = z.infer<typeof openedFromListSchema>;

export function readOpenedFromList(state: unknown): OpenedFromList | null {
  const parsed = openedFromListSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

/** Set on the list's history entry: the row to give focus back to when the list shows again. */
const focusRowSchema = z.object({ focusSessionSid: z.string() });

export function readFocusSessionSid(state: unknown): string | null {
  const parsed = focusRowSchema.safeParse(state);
  return parsed.success ? parsed.data.focusSessionSid : null;
}

/** The list entry's state plus the row to focus; whatever else it held (e.g. a notice) is kept. */
export function withFocusSessionSid(state: unknown, sessionSid: string): object {
  const kept = typeof state === 'object' && state !== null ? state : {};
  return { ...kept, focusSessionSid: sessionSid };
}
