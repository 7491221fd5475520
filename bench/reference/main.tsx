/**
 * The bench's bare reference page: the same libraries as the dashboard (React 19, TanStack Query,
 * TanStack Table 9 with useTable + tableFeatures, React Router 7 data router, Tailwind 4), showing
 * the same list from the same /api URL as a plain table, with a Next button that prefetches the
 * next page like the app does. No validation, no toolbar, no icons: the floor to compare against.
 */
import {
  keepPreviousData,
  QueryClient,
  QueryClientProvider,
  queryOptions,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, useParams, useSearchParams } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import './styles.css';

interface Row {
  sid: string;
  status: string;
  sessionType: string | null;
  appointmentDate: string | null;
  createdDate: string | null;
  editDate: string | null;
}

interface ListPage {
  total: number;
  next: string | null;
  results: Row[];
}

/** The app's /api list URL, parameters in the app's order, so both pages ask the same thing. */
function listUrl(path: string, page: number, limit: number): string {
  const query = new URLSearchParams({
    offset: String((page - 1) * limit),
    limit: String(limit),
    sortKeys: 'createdDate',
    sortOrder: 'DESC',
    includeActive: 'false',
  });
  return `/api/v1${path}?${query.toString()}`;
}

function listOptions(path: string, page: number, limit: number) {
  return queryOptions({
    queryKey: ['sessions', path, page, limit],
    queryFn: async ({ signal }): Promise<ListPage> => {
      const response = await fetch(listUrl(path, page, limit), {
        signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as ListPage;
    },
  });
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const showDate = (value: string | null) => (value ? dateFormat.format(new Date(value)) : '—');

const features = tableFeatures({});
const column = createColumnHelper<typeof features, Row>();
const columns = column.columns([
  column.accessor('sid', { header: 'Session' }),
  column.accessor('status', { header: 'Status' }),
  column.accessor('sessionType', { header: 'Type', cell: (info) => info.getValue() ?? '—' }),
  column.accessor('appointmentDate', {
    header: 'Appointment',
    cell: (info) => showDate(info.getValue()),
  }),
  column.accessor('createdDate', { header: 'Created', cell: (info) => showDate(info.getValue()) }),
  column.accessor('editDate', { header: 'Last edited', cell: (info) => showDate(info.getValue()) }),
]);
const NO_ROWS: Row[] = [];

function SessionsPage() {
  const { installSid = '', enrollmentSid = '', examSid = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const limit = Number(search.get('limit') ?? '25') || 25;
  const [install, enrollment, exam] = [installSid, enrollmentSid, examSid].map(encodeURIComponent);
  const path = `/installs/${install}/enrollments/${enrollment}/exams/${exam}/sessions`;

  const list = useQuery({ ...listOptions(path, page, limit), placeholderData: keepPreviousData });
  const queryClient = useQueryClient();
  const hasNext = !list.isPlaceholderData && list.data?.next != null;
  useEffect(() => {
    // prefetchQuery, in its non-deprecated spelling (as the app writes it).
    if (hasNext) queryClient.query(listOptions(path, page + 1, limit)).catch(() => undefined);
  }, [hasNext, queryClient, path, page, limit]);

  const table = useTable({
    features,
    columns,
    data: list.data?.results ?? NO_ROWS,
    getRowId: (row) => row.sid,
  });

  if (list.isError) return <p className="p-4 text-red-700">{list.error.message}</p>;
  if (!list.data) return <p className="p-4">Loading…</p>;
  return (
    <main className="p-4">
      <table className="w-full text-left text-sm">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className="border-b px-2 py-1">
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="border-b px-2 py-1">
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2">
        Page {page} of {Math.max(1, Math.ceil(list.data.total / limit))}{' '}
        <button
          type="button"
          className="rounded border px-2 py-1 disabled:opacity-40"
          disabled={!hasNext}
          onClick={() =>
            setSearch((current) => {
              const next = new URLSearchParams(current);
              next.set('page', String(page + 1));
              return next;
            })
          }
        >
          Next
        </button>
      </p>
    </main>
  );
}

const router = createBrowserRouter([
  {
    path: '/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
    Component: SessionsPage,
  },
  { path: '*', Component: () => <p className="p-4">Not found</p> },
]);

// The app's defaults that change what goes over the wire: fresh for 30 s, no refetch on focus.
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: false, refetchOnWindowFocus: false } },
});

const root = document.getElementById('root');
if (!root) throw new Error('No #root element.');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
