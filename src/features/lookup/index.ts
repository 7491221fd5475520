export { LookupForm } from '#src/features/lookup/lookup-form.tsx';
export { RecentViews } from '#src/features/lookup/recent-views-list.tsx';
