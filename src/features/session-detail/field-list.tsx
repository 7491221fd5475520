// Each <dd> is labelled by its <dt>, so assistive technology (and tests) find "Reviewed": "Yes".
import { useId, type ReactNode } from 'react';
import { CopyButton } from '#src/components/copy-button.tsx';

export function Panel({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-line bg-surface p-4">
      <h2 id={headingId} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function FieldGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Panel title={title}>
      <dl className="divide-y divide-line text-sm">{children}</dl>
    </Panel>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  const labelId = useId();
  return (
    <div className="grid grid-cols-[minmax(8rem,11rem)_1fr] gap-3 py-1.5">
      <dt id={labelId} className="text-ink-muted">
        {label}
      </dt>
      <dd aria-labelledby={labelId} className="min-w-0 break-words text-ink">
        {children}
      </dd>
    </div>
  );
}

export function NotSet({ text = 'Not set' }: { text?: string }) {
  return <span className="text-ink-muted">{text}</span>;
}

export function TextValue({ value }: { value: string | null }) {
  return value === null || value.trim() === '' ? <NotSet /> : <>{value}</>;
}

/** Null is not "No": it is not known. */
export function YesNo({ value }: { value: boolean | null }) {
  return value === null ? <NotSet /> : <>{value ? 'Yes' : 'No'}</>;
}

/** With the person's name above it where the data names them. */
export function SidValue({
  sid,
  kind,
  name,
}: {
  sid: string | null;
  kind: string;
  name?: ReactNode;
}) {
  if (sid === null || sid === '') return <NotSet />;
  return (
    <>
      {name === undefined || name === null ? null : <span className="block">{name}</span>}
      <span className="inline-flex max-w-full items-center gap-1">
        <code className="font-mono text-xs break-all">{sid}</code>
        <CopyButton text={sid} label={`Copy ${kind} sid`} />
      </span>
    </>
  );
}

export function NameValueList({
  fields,
  compact = false,
}: {
  fields: ReadonlyArray<{ name: string; value: string }>;
  compact?: boolean;
}) {
  return (
    <dl className={compact ? 'space-y-0.5 text-xs' : 'divide-y divide-line text-sm'}>
      {fields.map((field, index) => (
        <NameValue
          key={`${field.name}:${index}`}
          name={field.name}
          value={field.value}
          compact={compact}
        />
      ))}
    </dl>
  );
}

function NameValue({ name, value, compact }: { name: string; value: string; compact: boolean }) {
  const labelId = useId();
  return (
    <div
      className={
        compact ? 'flex flex-wrap gap-x-2' : 'grid grid-cols-[minmax(8rem,16rem)_1fr] gap-3 py-1.5'
      }
    >
      <dt id={labelId} className="font-mono break-all text-ink-muted">
        {name}
      </dt>
      <dd aria-labelledby={labelId} className="min-w-0 break-words whitespace-pre-wrap text-ink">
        {value}
      </dd>
    </div>
  );
}
