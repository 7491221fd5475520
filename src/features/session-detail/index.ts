/** What the rest of the app may use of a session's detail. */
export { SessionDetailPage } from '#src/features/session-detail/session-detail-page.tsx';
