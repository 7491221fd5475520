/** What the rest of the app may use of the lookup: the home page's form and recent views. */
export { LookupForm } from '#src/features/lookup/lookup-form.tsx';
export { RecentViews } from '#src/features/lookup/recent-views-list.tsx';
