export { SessionDetailPage } from '#src/features/session-detail/session-detail-page.tsx';
