// See docs/decisions/waits-from-creation.md.
import { z } from 'zod/mini';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { isSid } from '#src/api/contract/sids.ts';

export const DEFAULT_OVERDUE_AFTER_HOURS = 48;
const MAX_OVERDUE_AFTER_HOURS = 24 * 365;

/** When a waiting session reads "overdue": one threshold, and any install's own. */
export const waitPolicySchema = z.object({
  overdueAfterHours: z.number(),
  byInstall: z.record(z.string(), z.number()),
});

export type WaitPolicy = z.infer<typeof waitPolicySchema>;

export const DEFAULT_WAIT_POLICY: WaitPolicy = {
  overdueAfterHours: DEFAULT_OVERDUE_AFTER_HOURS,
  byInstall: {},
};

export const WAIT_POLICY_FORMAT =
  'hours from 1 to 8760, then any install\'s own as AI…=hours, comma-separated (e.g. "48,AI0123…=24")';

function hours(text: string): number | null {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= 1 && value <= MAX_OVERDUE_AFTER_HOURS ? value : null;
}

/** `SP_WAIT_OVERDUE_HOURS`, e.g. "48" or "48,AI…=24,AI…=72". */
export function parseWaitPolicy(text: string): ParseResult<WaitPolicy> {
  const [first = '', ...rest] = text.split(',').map((part) => part.trim());
  const problems: string[] = [];
  const overdueAfterHours = hours(first);
  if (overdueAfterHours === null) problems.push(`"${first}" is not a number of hours.`);
  const byInstall: Record<string, number> = {};
  for (const part of rest) {
    const [installSid = '', value = ''] = part.split('=').map((side) => side.trim());
    const installHours = hours(value);
    if (!isSid('install', installSid) || installHours === null) {
      problems.push(`"${part}" is not an install sid with its hours (AI…=hours).`);
    } else byInstall[installSid] = installHours;
  }
  return problems.length > 0 || overdueAfterHours === null
    ? { ok: false, problems }
    : { ok: true, value: { overdueAfterHours, byInstall } };
}

export function overdueAfterMs(policy: WaitPolicy, installSid: string): number {
  const own = Object.hasOwn(policy.byInstall, installSid)
    ? policy.byInstall[installSid]
    : undefined;
  return (own ?? policy.overdueAfterHours) * 3_600_000;
}
