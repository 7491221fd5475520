import { ChevronRight, ShieldCheck } from 'lucide-react';
import type { SessionDetailResponse } from '#src/api/contract/session-detail.ts';
import { DateCell } from '#src/components/date-cell.tsx';
import {
  Field,
  FieldGroup,
  NameValueList,
  NotSet,
  SidValue,
  TextValue,
  YesNo,
} from '#src/features/session-detail/field-list.tsx';
import {
  EXTERNAL_IDS,
  RELATED_SIDS,
  REVIEW_DATES,
  SCHEDULE_DATES,
  TYPE_FIELDS,
  withheldNote,
} from '#src/features/session-detail/session-fields.ts';
import { StatusChip } from '#src/features/sessions/index.ts';
import { useFormatCount } from '#src/lib/format-number.ts';
import { LearnerFromUserSid } from '#src/components/learner-name.tsx';

export function DetailFields({
  detail,
  installSid,
  people,
}: {
  detail: SessionDetailResponse;
  installSid: string;
  /** Names by user sid, from the records that name them. */
  people: ReadonlyMap<string, string>;
}) {
  const { session } = detail;
  const formatCount = useFormatCount();
  const note = withheldNote(detail.withheld);

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <FieldGroup title="Status">
          <Field label="Status">
            <StatusChip status={session.status} />
          </Field>
          <Field label="Status reason">
            <TextValue value={session.statusReason} />
          </Field>
        </FieldGroup>

        <FieldGroup title="Type and modules">
          {TYPE_FIELDS.map(({ field, label }) => (
            <Field key={field} label={label}>
              <TextValue value={session[field]} />
            </Field>
          ))}
          <Field label="Duration">
            {session.duration === null ? (
              <NotSet />
            ) : (
              <>
                {formatCount(session.duration)}{' '}
                {/* The API does not say whether a session's duration is in minutes or seconds. */}
                <span className="text-ink-muted">(unit not stated by the API)</span>
              </>
            )}
          </Field>
        </FieldGroup>

        <FieldGroup title="Schedule">
          {SCHEDULE_DATES.map(({ field, label }) => (
            <Field key={field} label={label}>
              <DateCell value={session[field]} empty="Not set" />
            </Field>
          ))}
        </FieldGroup>

        <FieldGroup title="Review">
          <Field label="Review required">
            <YesNo value={session.reviewRequired} />
          </Field>
          <Field label="Reviewed">
            <YesNo value={session.reviewed} />
          </Field>
          {REVIEW_DATES.map(({ field, label }) => (
            <Field key={field} label={label}>
              <DateCell value={session[field]} empty="Not set" />
            </Field>
          ))}
          <Field label="Report count">
            {session.sessionReportCount === null ? (
              <NotSet />
            ) : (
              formatCount(session.sessionReportCount)
            )}
          </Field>
        </FieldGroup>

        <FieldGroup title="Related sids">
          {RELATED_SIDS.map(({ field, label, sidKind }) => {
            const sid = session[field];
            return (
              <Field key={field} label={label}>
                <SidValue
                  sid={sid}
                  kind={sidKind}
                  name={
                    field === 'userSid' ? (
                      <LearnerFromUserSid
                        installSid={installSid}
                        userSid={sid}
                        render={(learner) => (learner.kind === 'known' ? learner.name : null)}
                      />
                    ) : (
                      people.get(sid ?? '')
                    )
                  }
                />
              </Field>
            );
          })}
        </FieldGroup>

        <FieldGroup title="External ids">
          {EXTERNAL_IDS.map(({ field, label }) => (
            <Field key={field} label={label}>
              <TextValue value={session[field]} />
            </Field>
          ))}
        </FieldGroup>
      </div>

      {note === null ? null : (
        <p className="flex items-start gap-2 rounded-lg border border-line bg-surface px-4 py-3 text-sm">
          <ShieldCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-ink-muted" />
          {note}
        </p>
      )}

      <OtherFields fields={detail.otherFields} />
    </div>
  );
}

function OtherFields({ fields }: { fields: SessionDetailResponse['otherFields'] }) {
  if (fields.length === 0) {
    return <p className="text-sm text-ink-muted">The API sent no other fields.</p>;
  }
  return (
    <details className="group rounded-lg border border-line bg-surface">
      <summary className="flex cursor-pointer items-center gap-1 px-4 py-3 font-semibold">
        <ChevronRight
          aria-hidden="true"
          className="size-4 transition-transform group-open:rotate-90"
        />
        Other fields <span className="font-normal text-ink-muted">({fields.length})</span>
      </summary>
      <div className="border-t border-line px-4 py-2">
        <NameValueList fields={fields} />
      </div>
    </details>
  );
}
