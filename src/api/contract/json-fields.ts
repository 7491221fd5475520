// See docs/decisions/withheld-exam-access-fields.md.
import { z } from 'zod/mini';

/** Matched loosely (any case, any name ending in url or uri): records are undocumented. */
export function isWithheldName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower.includes('accesskey') ||
    ['url', 'uri', 'token', 'secret', 'password'].some((ending) => lower.endsWith(ending))
  );
}

export const jsonRecordSchema = z.record(z.string(), z.json());
export type JsonRecord = z.infer<typeof jsonRecordSchema>;
type JsonValue = JsonRecord[string];

export interface DisplayField {
  name: string;
  value: string;
}

export const displayFieldSchema = z.object({ name: z.string(), value: z.string() });

export const WITHHELD_TEXT = '(withheld: it contains an exam access value)';

/** Shorter withheld values are not searched for in other text: too many false hits. */
const MIN_SECRET_LENGTH = 6;

/** JSON written inside a string (`"exam": "{\"url\": …}"`), when it holds an object or array. */
function embeddedJson(text: string): JsonValue | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    const parsed = z.json().safeParse(JSON.parse(trimmed));
    return parsed.success && typeof parsed.data === 'object' && parsed.data !== null
      ? parsed.data
      : undefined;
  } catch {
    return undefined;
  }
}

function collectSecrets(value: JsonValue, secrets: Set<string>, withheldHere: boolean): void {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (withheldHere && text.length >= MIN_SECRET_LENGTH) secrets.add(text);
    const nested = typeof value === 'string' ? embeddedJson(value) : undefined;
    if (nested !== undefined) collectSecrets(nested, secrets, withheldHere);
  } else if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, secrets, withheldHere);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      collectSecrets(item, secrets, withheldHere || isWithheldName(key));
    }
  }
}

/** `withheld` collects the names of the fields removed or replaced, never a value. */
export function withoutWithheld(value: JsonValue, withheld: Set<string>): JsonValue {
  const secrets = new Set<string>();
  collectSecrets(value, secrets, false);
  const strip = (item: JsonValue, name: string): JsonValue => {
    if (typeof item === 'string') {
      const nested = embeddedJson(item);
      if (nested !== undefined) return JSON.stringify(strip(nested, name));
      if ([...secrets].some((secret) => item.includes(secret))) {
        withheld.add(name);
        return WITHHELD_TEXT;
      }
      return item;
    }
    if (Array.isArray(item)) return item.map((element) => strip(element, name));
    if (item === null || typeof item !== 'object') return item;
    const kept: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(item)) {
      if (isWithheldName(key)) withheld.add(key);
      else kept[key] = strip(child, key);
    }
    return kept;
  };
  return strip(value, '');
}

/** The text at a dotted path (`author.name`), trimmed; null when absent, blank or not text. */
export function textAt(record: JsonRecord, path: string): string | null {
  let value: JsonValue | undefined = record;
  for (const key of path.split('.')) {
    value =
      value !== null && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

const MAX_FIELDS = 60;
const MAX_VALUE_LENGTH = 500;

export function flattenForDisplay(
  record: JsonRecord,
  skip: readonly string[] = [],
): DisplayField[] {
  const fields: DisplayField[] = [];
  const visit = (name: string, value: JsonValue): void => {
    if (value === null || value === '' || skip.includes(name)) return;
    const nested = typeof value === 'string' ? embeddedJson(value) : undefined;
    if (nested !== undefined) {
      visit(name, nested);
      return;
    }
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
  for (const [key, value] of Object.entries(record)) visit(key, value);
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
