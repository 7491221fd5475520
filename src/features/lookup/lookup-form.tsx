/**
 * The home page's lookup: a pasted link (the API's or this dashboard's) or the sids from a
 * ticket, checked as they are typed, and Open to go to that view.
 *
 * When a field speaks: a value that could still become a valid sid is left alone while it is
 * typed; a value that cannot (wrong prefix, a character that is not hex, too long) is named at
 * once; anything else wrong is named when the field is left or the form is sent. An empty
 * field is only named on sending. So a person typing or pasting a good sid never sees an error.
 */
import { useRef, useState, type ClipboardEvent, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { SID_KINDS, SID_PARAMS } from '#src/api/contract/sids.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import {
  EMPTY_FIELDS,
  isSidPrefix,
  LOOKUP_PARAMS,
  lookupPath,
  looksLikeLink,
  parseLookupLink,
  sidProblem,
  type LookupFields,
  type LookupParam,
} from '#src/features/lookup/parse-lookup.ts';

const LABELS: Record<LookupParam, string> = {
  installSid: 'Install sid',
  enrollmentSid: 'Enrollment sid',
  examSid: 'Exam sid',
  sessionSid: 'Session sid (optional)',
};

const INPUT_CLASS =
  'mt-1 block w-full rounded-md border border-line-strong bg-surface px-2 py-1.5 font-mono text-xs text-ink aria-invalid:border-danger';

/** What the last link pasted filled in: its view's query and what was left out of it. */
interface LinkFill {
  search: string;
  notes: string[];
}

export function LookupForm() {
  const navigate = useNavigate();
  const [fields, setFields] = useState<LookupFields>(EMPTY_FIELDS);
  const [link, setLink] = useState('');
  const [fill, setFill] = useState<LinkFill | null>(null);
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const linkInput = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const linkReading = link.trim() === '' ? null : parseLookupLink(link);
  const linkProblem =
    linkReading?.ok === false && (submitted || left.has('link')) ? linkReading.problems[0] : null;

  function fieldProblem(param: LookupParam): string | null {
    const value = fields[param];
    if (param === 'sessionSid' && value === '') return null;
    const problem = sidProblem(param, value);
    if (problem === null || submitted) return problem;
    if (value === '') return null;
    return left.has(param) || !isSidPrefix(param, value) ? problem : null;
  }

  function leave(name: string) {
    setLeft((current) => (current.has(name) ? current : new Set([...current, name])));
  }

  function readLink(text: string) {
    setLink(text);
    const reading = text.trim() === '' ? null : parseLookupLink(text);
    if (reading?.ok === true) {
      setFields(reading.value.fields);
      setFill({ search: reading.value.search, notes: reading.value.notes });
    } else {
      setFill(null);
    }
  }

  // A link pasted into a sid field is read as a link: it goes to the Link field, which says
  // what was found in it (or what is wrong with it), and the sid fields are filled from it.
  function pasteIntoSid(event: ClipboardEvent<HTMLInputElement>) {
    const text = event.clipboardData.getData('text');
    if (!looksLikeLink(text)) return;
    event.preventDefault();
    readLink(text);
    leave('link');
    linkInput.current?.focus();
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (linkReading?.ok === false) {
      linkInput.current?.focus();
      return;
    }
    const path = lookupPath(fields, fill?.search);
    if (path.ok) {
      void navigate(path.value);
      return;
    }
    const firstBad = LOOKUP_PARAMS.find((param) => path.problems[0]?.[param] !== undefined);
    if (firstBad !== undefined)
      form.current?.querySelector<HTMLElement>(`#lookup-${firstBad}`)?.focus();
  }

  const notes = linkReading?.ok === true ? (fill?.notes ?? []) : [];
  const linkDescription = linkProblem !== null ? 'lookup-link-error' : 'lookup-link-hint';
  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      aria-labelledby="lookup-title"
      className="space-y-4 rounded-lg border border-line bg-surface p-4"
    >
      <h2 id="lookup-title" className="font-semibold">
        Open sessions or a session
      </h2>
      <div className="text-sm">
        <label htmlFor="lookup-link" className="block font-medium">
          Link
        </label>
        <input
          ref={linkInput}
          id="lookup-link"
          name="link"
          type="url"
          inputMode="url"
          value={link}
          onChange={(event) => readLink(event.target.value)}
          onPaste={() => leave('link')}
          onBlur={() => leave('link')}
          spellCheck={false}
          autoComplete="off"
          placeholder="https://…/installs/AI…/enrollments/EN…/exams/EX…/sessions"
          aria-invalid={linkProblem !== null ? true : undefined}
          aria-describedby={
            notes.length > 0 ? `${linkDescription} lookup-link-notes` : linkDescription
          }
          className={INPUT_CLASS}
        />
        {linkProblem !== null ? (
          <p id="lookup-link-error" className="mt-1 text-xs text-danger">
            {linkProblem}
          </p>
        ) : (
          <p id="lookup-link-hint" className="mt-1 text-xs text-ink-muted">
            {linkReading?.ok === true
              ? 'Read from the link: the sids are filled in below.'
              : 'Paste a SmarterProctoring API link or a link to this dashboard, or enter the sids below.'}
          </p>
        )}
        {notes.length > 0 ? (
          <ul id="lookup-link-notes" className="mt-1 list-disc pl-5 text-xs text-ink-muted">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <fieldset className="grid gap-3 md:grid-cols-2 lg:grid-cols-4">
        <legend className="sr-only">Sids</legend>
        {LOOKUP_PARAMS.map((param) => {
          const problem = fieldProblem(param);
          const inputId = `lookup-${param}`;
          const errorId = `${inputId}-error`;
          return (
            <div key={param} className="text-sm">
              <label htmlFor={inputId} className="block font-medium">
                {LABELS[param]}
              </label>
              <input
                id={inputId}
                name={param}
                value={fields[param]}
                onChange={(event) => {
                  const value = event.target.value.trim();
                  setFields((current) => ({ ...current, [param]: value }));
                }}
                onPaste={pasteIntoSid}
                onBlur={() => leave(param)}
                spellCheck={false}
                autoComplete="off"
                placeholder={`${SID_KINDS[SID_PARAMS[param]].prefix}…`}
                aria-invalid={problem !== null ? true : undefined}
                aria-describedby={problem !== null ? errorId : undefined}
                className={INPUT_CLASS}
              />
              {problem !== null ? (
                <p id={errorId} className="mt-1 text-xs text-danger">
                  {problem}
                </p>
              ) : null}
            </div>
          );
        })}
      </fieldset>
      <button type="submit" className={buttonVariants({ variant: 'primary' })}>
        Open
      </button>
    </form>
  );
}
