export { SessionsPage } from '#src/features/sessions/sessions-page.tsx';
export { InvalidSidsState } from '#src/features/sessions/lazy-session-states.tsx';
export { StatusChip } from '#src/features/sessions/status/status-chip.tsx';
export { planListPage } from '#src/features/sessions/data/list-page-plan.ts';
