// Shared by /api, the demo upstream and page URLs, so a bad value is worded alike everywhere.
import { z } from 'zod/mini';
import type { ParseResult } from '#src/api/contract/parse-result.ts';

/** Text the API may send as a string, null, or not at all; absent reads as null. */
export const nullableText = orNull(z.string());
export const nullableFlag = orNull(z.boolean());
export const nullableNumber = orNull(z.number());

function orNull<Schema extends z.ZodMiniType>(schema: Schema) {
  return z.pipe(
    z.nullish(schema),
    z.transform((value: z.infer<Schema> | null | undefined) => value ?? null),
  );
}

export const wholeNumberSchema = z.number().check(z.int(), z.nonnegative());

/** A whole number written plainly: no sign, no leading zero, no exponent. */
export const wholeNumberText = z.pipe(
  z.string().check(z.regex(/^(0|[1-9][0-9]*)$/)),
  z.transform(Number),
);

export const flagText = z.pipe(
  z.enum(['true', 'false']),
  z.transform((value: 'true' | 'false') => value === 'true'),
);

function readWholeNumber(text: string, min: number, max: number): number | undefined {
  const parsed = wholeNumberText.safeParse(text);
  if (!parsed.success) return undefined;
  const value = parsed.data;
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** Longest piece of a bad value repeated back; the rest of it helps nobody. */
export function echo(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

export class QueryReader {
  readonly problems: string[] = [];

  constructor(
    private readonly params: URLSearchParams,
    known: readonly string[],
    what = 'this list',
  ) {
    for (const key of new Set(params.keys())) {
      if (!known.includes(key))
        this.problems.push(`"${echo(key)}" is not a query parameter of ${what}.`);
    }
  }

  single(key: string): string | undefined {
    const values = this.params.getAll(key);
    if (values.length > 1) {
      this.problems.push(`"${key}" was given ${values.length} times; give it once.`);
    }
    return values[0];
  }

  all(key: string): string[] {
    return this.params.getAll(key);
  }

  wholeNumber(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const text = this.single(key);
    if (text === undefined) return undefined;
    const value = readWholeNumber(text, min, max);
    if (value === undefined) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of ${min} or more` : `from ${min} to ${max}`;
      this.problems.push(`"${key}" must be a whole number ${range} (got "${echo(text)}").`);
    }
    return value;
  }

  oneOf<Choice extends string>(
    key: string,
    choices: readonly Choice[],
    described = choices.join(' or '),
  ): Choice | undefined {
    const text = this.single(key);
    if (text === undefined) return undefined;
    const choice = choices.find((candidate) => candidate === text);
    if (choice === undefined) {
      this.problems.push(`"${key}" must be ${described} (got "${echo(text)}").`);
    }
    return choice;
  }

  flag(key: string): boolean | undefined {
    const value = this.oneOf(key, ['true', 'false']);
    return value === undefined ? undefined : flagText.parse(value);
  }

  result<Value>(value: Value): ParseResult<Value> {
    return this.problems.length > 0 ? { ok: false, problems: this.problems } : { ok: true, value };
  }
}
