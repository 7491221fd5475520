import { z } from 'zod/mini';
import {
  CONTEXT_REUSE_MS,
  defineEndpoint,
  noQuery,
  passedThrough,
} from '#src/api/contract/endpoint.ts';
import { nullableText } from '#src/api/contract/query-rules.ts';
import { SID_SCHEMAS } from '#src/api/contract/sids.ts';

const userProfileSidsSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  userSid: SID_SCHEMAS.userSid,
});

export type UserProfileSids = z.infer<typeof userProfileSidsSchema>;

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

export const userProfileSource = /* @__PURE__ */ passedThrough(userProfileEndpoint);

export function learnerName(profile: UserProfile): string | null {
  const name = [profile.firstName, profile.lastName]
    .filter((part) => part !== null && part.trim() !== '')
    .join(' ');
  return name !== '' ? name : profile.username;
}

export function learnerLabel(profile: UserProfile): string | null {
  return learnerName(profile) ?? profile.preferredEmail ?? profile.email;
}
