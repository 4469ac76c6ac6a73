import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { Role } from '../types';

const ROLE_COLORS: Record<Role, string> = { admin: 'grape', supervisor: 'blue', agent: 'teal' };

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={ROLE_COLORS[role] ?? 'gray'} size="sm" radius="sm" data-testid="user-role">
      {t(`auth.roles.${role}`, { defaultValue: role })}
    </Badge>
  );
}
