import { z } from 'zod/mini';
import {
  CONTEXT_REUSE_MS,
  defineEndpoint,
  noQuery,
  passedThrough,
} from '#src/api/contract/endpoint.ts';
import { nullableText } from '#src/api/contract/query-rules.ts';
import { SID_SCHEMAS } from '#src/api/contract/sids.ts';

const installSettingsSidsSchema = z.object({ installSid: SID_SCHEMAS.installSid });

export type InstallSettingsSids = z.infer<typeof installSettingsSidsSchema>;

/** `defaultTimezone`'s format is not documented. */
export const installSettingsSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  name: nullableText,
  defaultTimezone: nullableText,
});

export type InstallSettings = z.infer<typeof installSettingsSchema>;

export const installSettingsEndpoint = defineEndpoint({
  name: 'install-settings',
  route: '/v1/installs/:installSid/settings',
  sids: installSettingsSidsSchema,
  writeQuery: noQuery,
  answer: installSettingsSchema,
  resource: { name: 'install settings', phrase: 'the install settings' },
  reuseMs: CONTEXT_REUSE_MS,
  priority: 'context',
});

export const installSettingsSource = /* @__PURE__ */ passedThrough(installSettingsEndpoint);
