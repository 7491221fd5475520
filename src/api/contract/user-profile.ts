/** A learner's profile (API.md section 4), read for their name and email. */
import { z } from 'zod/mini';
import {
  CONTEXT_REUSE_MS,
  defineEndpoint,
  fromUpstream,
  noQuery,
  refuseQuery,
} from '#src/api/contract/endpoint.ts';
import { nullableText } from '#src/api/contract/query-rules.ts';
import { SID_SCHEMAS } from '#src/api/contract/sids.ts';

const userProfileSidsSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  userSid: SID_SCHEMAS.userSid,
});

export type UserProfileSids = z.infer<typeof userProfileSidsSchema>;

/** The profile fields the dashboard shows; every one may be null. Others are dropped. */
export const userProfileSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  firstName: nullableText,
  lastName: nullableText,
  email: nullableText,
  preferredEmail: nullableText,
  username: nullableText,
  role: nullableText,
});

export type UserProfile = z.infer<typeof userProfileSchema>;

export const userProfileEndpoint = defineEndpoint({
  name: 'user-profile',
  route: '/v1/installs/:installSid/users/:userSid/profile',
  sids: userProfileSidsSchema,
  writeQuery: noQuery,
  answer: userProfileSchema,
  resource: { name: 'learner profile', phrase: 'the learner profile' },
  reuseMs: CONTEXT_REUSE_MS,
  priority: 'context',
});

export const userProfileSource = /* @__PURE__ */ fromUpstream({
  endpoint: userProfileEndpoint,
  parseQuery: refuseQuery,
  upstream: userProfileSchema,
  toAnswer: (answer) => answer,
});

/** "Ada Lovelace", or the username, or null when the profile names nobody. */
export function learnerName(profile: UserProfile): string | null {
  const name = [profile.firstName, profile.lastName]
    .filter((part) => part !== null && part.trim() !== '')
    .join(' ');
  return name !== '' ? name : profile.username;
}

/** How a learner reads on every page: the name, else an address; null when the profile has neither. */
export function learnerLabel(profile: UserProfile): string | null {
  return learnerName(profile) ?? profile.preferredEmail ?? profile.email;
}
