/** A sid is a two-letter prefix and 32 lowercase hex characters, as the API's paths require. */
import { z } from 'zod/mini';
import type { ParseResult } from '#src/api/contract/parse-result.ts';

export const SID_KINDS = {
  install: { prefix: 'AI', label: 'install' },
  enrollment: { prefix: 'EN', label: 'enrollment' },
  exam: { prefix: 'EX', label: 'exam' },
  session: { prefix: 'ES', label: 'exam session' },
  user: { prefix: 'US', label: 'user' },
} as const;

export type SidKind = keyof typeof SID_KINDS;

export const SID_PARAMS = {
  installSid: 'install',
  enrollmentSid: 'enrollment',
  examSid: 'exam',
  sessionSid: 'session',
  userSid: 'user',
} as const satisfies Record<string, SidKind>;

type SidParam = keyof typeof SID_PARAMS;

const HEX_32 = /^[a-f0-9]{32}$/;

export function isSid(kind: SidKind, value: string): boolean {
  return value.startsWith(SID_KINDS[kind].prefix) && HEX_32.test(value.slice(2));
}

export function describeSidFormat(kind: SidKind): string {
  return `${SID_KINDS[kind].prefix} followed by 32 lowercase hexadecimal characters (0-9, a-f)`;
}

function sidSchema(kind: SidKind) {
  return z.string().check(z.refine((value) => isSid(kind, value)));
}

export const SID_SCHEMAS = {
  installSid: sidSchema('install'),
  enrollmentSid: sidSchema('enrollment'),
  examSid: sidSchema('exam'),
  sessionSid: sidSchema('session'),
  userSid: sidSchema('user'),
} satisfies Record<SidParam, z.ZodMiniType<string>>;

export interface SidProblem {
  kind: SidKind;
  param: SidParam;
  value: string;
  message: string;
}

function isSidParam(key: PropertyKey | undefined): key is SidParam {
  return typeof key === 'string' && Object.hasOwn(SID_PARAMS, key);
}

export function parseSids<Sids>(
  schema: z.ZodMiniType<Sids>,
  raw: Readonly<Record<string, string | undefined>>,
): ParseResult<Sids, SidProblem> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.flatMap((issue): SidProblem[] => {
    const [param] = issue.path;
    if (!isSidParam(param)) return [];
    const kind = SID_PARAMS[param];
    return [
      {
        kind,
        param,
        value: raw[param] ?? '',
        message: `The ${SID_KINDS[kind].label} sid must be ${describeSidFormat(kind)}.`,
      },
    ];
  });
  return { ok: false, problems };
}
