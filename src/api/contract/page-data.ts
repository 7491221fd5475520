/**
 * What a server-rendered page carries for the browser, and what the server needs of the app's
 * server renderer. The data goes in a non-executing JSON block and is parsed with the same
 * schemas as any API answer before it seeds the browser's query cache.
 */
import { z } from 'zod/mini';
import { serverInfoSchema, type ServerInfo } from '#src/api/contract/server-info.ts';
import {
  sessionListResponseSchema,
  type SessionListQuery,
  type SessionListResponse,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';

/** The id of the `<script type="application/json">` block that holds the page data. */
export const PAGE_DATA_ELEMENT_ID = 'page-data';

export const pageDataSchema = z.object({
  serverInfo: serverInfoSchema,
  /** The list page the HTML was rendered with, keyed by its /api path; absent past the budget. */
  sessionList: z.optional(z.object({ apiPath: z.string(), response: sessionListResponseSchema })),
});

export interface PageData {
  serverInfo: ServerInfo;
  sessionList?: { apiPath: string; response: SessionListResponse };
}

/** The app's server renderer (built from src/entry-server.tsx), as the server calls it. */
export interface PageRenderer {
  /** The list page a URL shows, when it is a sessions page with valid sids; else null. */
  planListPage(url: URL): { sids: SessionListSids; query: SessionListQuery } | null;
  /** The HTML inside #root for a URL, rendered with this data. */
  renderPage(url: URL, data: PageData): Promise<string>;
}

/**
 * The page data as a JSON block that cannot end the script element or open a comment early:
 * `<`, `>` and `&` are written as Unicode escapes, which JSON.parse reads back unchanged.
 */
export function pageDataScript(data: PageData): string {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">${json}</script>`;
}
