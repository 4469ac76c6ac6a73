import { ActionIcon, Avatar, Box, Group, Text, Tooltip } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { useSignedInSession } from '../api/get-session';
import { useLogout } from '../api/logout';
import { RoleBadge } from './role-badge';

function initials(name: string, email: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return email.slice(0, 1).toUpperCase();
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

/** Who is signed in (name, email, role) and the way out. */
export function UserMenu({ onLoggedOut }: { onLoggedOut: () => void }) {
  const { t } = useTranslation();
  const { user, role } = useSignedInSession();
  const logoutMutation = useLogout({ onSuccess: onLoggedOut });
  const displayName = user.name || user.email;

  return (
    <Group gap="sm" wrap="nowrap" data-testid="user-menu">
      <Avatar color="indigo" radius="xl" size={34} visibleFrom="sm" aria-hidden>
        {initials(user.name, user.email)}
      </Avatar>
      <Box visibleFrom="md" miw={0}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={600} truncate="end" maw={180} data-testid="user-name">
            {displayName}
          </Text>
          <RoleBadge role={role} />
        </Group>
        <Text size="xs" c="dimmed" truncate="end" maw={240} data-testid="user-email">
          {user.email}
        </Text>
      </Box>
      <Tooltip label={logoutMutation.isError ? t('auth.logoutFailed') : t('auth.logout')} withArrow>
        <ActionIcon
          variant="subtle"
          color={logoutMutation.isError ? 'red' : 'gray'}
          size="lg"
          aria-label={t('auth.logout')}
          data-testid="logout-button"
          loading={logoutMutation.isPending}
          onClick={() => logoutMutation.mutate()}
        >
          <IconLogout size={20} stroke={1.7} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
