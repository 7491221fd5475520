/**
 * Records whose fields the API does not document (a session's extra fields, events,
 * annotations): read as JSON, stripped of what grants exam access, and flattened into
 * name/value pairs a person can read, never shown as raw JSON.
 */
import { z } from 'zod/mini';

/** Fields that grant access to an exam: they never leave our server, at any depth. */
export const WITHHELD_FIELDS: readonly string[] = ['accessKey', 'URL', 'url', 'onboardUrl'];

export const jsonRecordSchema = z.record(z.string(), z.json());
export type JsonRecord = z.infer<typeof jsonRecordSchema>;
type JsonValue = JsonRecord[string];

/** A record's value for display: its path (e.g. "exam.title") and a plain-text value. */
export interface DisplayField {
  name: string;
  value: string;
}

export const displayFieldSchema = z.object({ name: z.string(), value: z.string() });

/** A copy without withheld fields, at any depth; `withheld` collects the names it removed. */
export function withoutWithheld(value: JsonValue, withheld: Set<string>): JsonValue {
  if (Array.isArray(value)) return value.map((item) => withoutWithheld(item, withheld));
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (WITHHELD_FIELDS.includes(key)) {
      withheld.add(key);
      continue;
    }
    kept[key] = withoutWithheld(item, withheld);
  }
  return kept;
}

/** Most name/value pairs one record is flattened into; the rest is summarised, not dropped silently. */
const MAX_FIELDS = 60;
/** Longest value shown; longer text is cut with an ellipsis. */
const MAX_VALUE_LENGTH = 500;

/** Nested objects become dotted names; arrays of scalars a comma list; nulls and empties are skipped. */
export function flattenForDisplay(
  record: JsonRecord,
  skip: readonly string[] = [],
): DisplayField[] {
  const fields: DisplayField[] = [];
  const visit = (name: string, value: JsonValue): void => {
    if (value === null || value === '') return;
    if (Array.isArray(value)) {
      if (value.every((item) => item === null || typeof item !== 'object')) {
        const text = value
          .filter((item) => item !== null && item !== '')
          .map(String)
          .join(', ');
        if (text !== '') fields.push({ name, value: text });
      } else {
        value.forEach((item, index) => visit(`${name}[${index + 1}]`, item));
      }
      return;
    }
    if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(`${name}.${key}`, item);
      return;
    }
    fields.push({ name, value: String(value) });
  };
  for (const [key, value] of Object.entries(record)) {
    if (!skip.includes(key)) visit(key, value);
  }
  const shown = fields.slice(0, MAX_FIELDS).map((field) => ({
    name: field.name,
    value:
      field.value.length > MAX_VALUE_LENGTH
        ? `${field.value.slice(0, MAX_VALUE_LENGTH)}…`
        : field.value,
  }));
  if (fields.length > MAX_FIELDS) {
    shown.push({ name: '…', value: `${fields.length - MAX_FIELDS} more fields not shown` });
  }
  return shown;
}
