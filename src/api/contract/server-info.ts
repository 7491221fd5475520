import { z } from 'zod/mini';
import { waitPolicySchema } from '#src/api/contract/wait-policy.ts';

/** A link the demo upstream can answer; faults show the error screens. */
const demoLinkSchema = z.object({
  kind: z.enum(['dashboard', 'fault']),
  label: z.string(),
  description: z.string(),
  path: z.string(),
});

export type DemoLink = z.infer<typeof demoLinkSchema>;

export const SERVER_INFO_PATH = '/api/server-info';

const accessInfoSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('shared') }),
  z.object({
    mode: z.literal('user'),
    signedIn: z.boolean(),
    /** ISO 8601; null when the token carries no expiry or nobody is signed in. */
    expiresAt: z.nullable(z.string()),
  }),
  z.object({
    mode: z.literal('oidc'),
    signedIn: z.boolean(),
    /** The ID token's name, else its email; null when it has neither or nobody is signed in. */
    name: z.nullable(z.string()),
    /** ISO 8601: when the session ends and sign-in is asked again; null when nobody is signed in. */
    expiresAt: z.nullable(z.string()),
    /** The identity provider's host, which the sign-in button names. */
    provider: z.string(),
  }),
]);

export type AccessInfo = z.infer<typeof accessInfoSchema>;

export const serverInfoSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('upstream'),
    access: accessInfoSchema,
    waitPolicy: z.optional(waitPolicySchema),
  }),
  z.object({
    mode: z.literal('demo'),
    demoLinks: z.array(demoLinkSchema),
    access: accessInfoSchema,
    waitPolicy: z.optional(waitPolicySchema),
    /** Demo with per-user sign-in only: a token the demo upstream accepts, to paste on sign-in. */
    demoToken: z.optional(z.string()),
  }),
]);

export type ServerInfo = z.infer<typeof serverInfoSchema>;
