// See docs/decisions/hydration-matches-server-html.md.
import { z } from 'zod/mini';
import { serverInfoSchema, type ServerInfo } from '#src/api/contract/server-info.ts';
import {
  sessionListResponseSchema,
  type SessionListQuery,
  type SessionListResponse,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';

export const PAGE_DATA_ELEMENT_ID = 'page-data';

/**
 * An answer the server's cache held, as its /api path would give it and `ageMs` old: the page shows
 * it without asking. Parsed by its endpoint's schema where it is used (src/api/page-answers.ts).
 */
const pageAnswerSchema = z.object({
  apiPath: z.string(),
  ageMs: z.number(),
  response: z.unknown(),
});

export type PageAnswer = z.infer<typeof pageAnswerSchema>;

export const pageDataSchema = z.object({
  serverInfo: serverInfoSchema,
  /** Keyed by its /api path; absent past the render budget. */
  sessionList: z.optional(z.object({ apiPath: z.string(), response: sessionListResponseSchema })),
  /** A list's names and counts, as far as the cache held them (learner-and-install-names.md). */
  pageAnswers: z.optional(z.array(pageAnswerSchema)),
});

export interface PageData {
  serverInfo: ServerInfo;
  sessionList?: { apiPath: string; response: SessionListResponse };
  pageAnswers?: PageAnswer[];
}

/** Parsed by the server: the renderer is a separately built bundle. */
export const renderedPageSchema = z.object({ html: z.string() });

export type RenderedPage = z.infer<typeof renderedPageSchema>;

/** 404 when no route matches, and the page says so. Known before rendering: the head goes first. */
export const pageStatusSchema = z.literal([200, 404]);
export type PageStatus = z.infer<typeof pageStatusSchema>;

export interface PageRenderer {
  planListPage(url: URL): { sids: SessionListSids; query: SessionListQuery } | null;
  pageStatus(url: URL): PageStatus;
  renderPage(url: URL, data: PageData): Promise<RenderedPage>;
}

/** Escaped so the JSON cannot end the script element or open a comment early. */
export function pageDataScript(data: PageData): string {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">${json}</script>`;
}
