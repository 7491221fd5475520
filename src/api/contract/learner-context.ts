/**
 * Human context for the sids (API.md section 4): the learner's profile (from the session's
 * userSid) and the install's settings (its name and default time zone).
 */
import { z } from 'zod/mini';
import { API_PREFIX, buildPath } from '#src/api/contract/routes.ts';
import { parseSids, SID_SCHEMAS } from '#src/api/contract/sids.ts';

const text = z.pipe(
  z.nullish(z.string()),
  z.transform((value: string | null | undefined) => value ?? null),
);

// ---------------------------------------------------------------------------
// Learner profile
// ---------------------------------------------------------------------------

export const USER_PROFILE_ROUTE = '/v1/installs/:installSid/users/:userSid/profile';

const userProfileSidsSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  userSid: SID_SCHEMAS.userSid,
});

export type UserProfileSids = z.infer<typeof userProfileSidsSchema>;

export function parseUserProfileSids(raw: Readonly<Record<string, string | undefined>>) {
  return parseSids(userProfileSidsSchema, raw);
}

export function userProfilePath(sids: UserProfileSids): string {
  return buildPath(USER_PROFILE_ROUTE, sids);
}

export function userProfileApiPath(sids: UserProfileSids): string {
  return `${API_PREFIX}${userProfilePath(sids)}`;
}

/** The profile fields the dashboard shows; every one may be null. Others are dropped. */
export const userProfileSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  firstName: text,
  lastName: text,
  email: text,
  preferredEmail: text,
  username: text,
  role: text,
});

export type UserProfile = z.infer<typeof userProfileSchema>;

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

// ---------------------------------------------------------------------------
// Install settings
// ---------------------------------------------------------------------------

export const INSTALL_SETTINGS_ROUTE = '/v1/installs/:installSid/settings';

const installSettingsSidsSchema = z.object({ installSid: SID_SCHEMAS.installSid });

export type InstallSettingsSids = z.infer<typeof installSettingsSidsSchema>;

export function parseInstallSettingsSids(raw: Readonly<Record<string, string | undefined>>) {
  return parseSids(installSettingsSidsSchema, raw);
}

export function installSettingsPath(sids: InstallSettingsSids): string {
  return buildPath(INSTALL_SETTINGS_ROUTE, sids);
}

export function installSettingsApiPath(sids: InstallSettingsSids): string {
  return `${API_PREFIX}${installSettingsPath(sids)}`;
}

/** The settings the dashboard uses: the install's name and default time zone (format not stated). */
export const installSettingsSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  name: text,
  defaultTimezone: text,
});

export type InstallSettings = z.infer<typeof installSettingsSchema>;
