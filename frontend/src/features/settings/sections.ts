import { IconAddressBook, IconClockHour4, IconMessage2Bolt, IconPlugConnected, IconTags } from '@tabler/icons-react';
import type { ComponentType } from 'react';

import { paths } from '@/config/paths';
import type { Role } from '@/features/auth/types';

export type SettingsSection = 'channels' | 'team' | 'sla' | 'canned' | 'tagging';

interface SectionInfo {
  section: SettingsSection;
  path: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** Who may open it: the API answers 403 below this role (or, for canned responses, lets them only read). */
  minRole: Role;
}

/** The settings sections, in the order of the settings navigation. */
export const SETTINGS_SECTIONS: readonly SectionInfo[] = [
  { section: 'channels', path: paths.settingsChannels, icon: IconPlugConnected, minRole: 'admin' },
  { section: 'team', path: paths.settingsTeam, icon: IconAddressBook, minRole: 'admin' },
  { section: 'sla', path: paths.settingsSla, icon: IconClockHour4, minRole: 'admin' },
  { section: 'canned', path: paths.settingsCanned, icon: IconMessage2Bolt, minRole: 'agent' },
  { section: 'tagging', path: paths.settingsTagging, icon: IconTags, minRole: 'admin' },
];

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export function sectionsFor(role: Role): readonly SectionInfo[] {
  return SETTINGS_SECTIONS.filter((info) => hasRole(role, info.minRole));
}
