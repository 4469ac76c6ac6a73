import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';

import { useSignedInSession } from '../api/get-session';
import { useSwitchWorkspace } from '../api/switch-workspace';

/** The current workspace's name; a menu to change it for people in more than one. */
export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const { workspace, memberships } = useSignedInSession();
  const switchMutation = useSwitchWorkspace();

  const name = (
    <Group gap={10} wrap="nowrap" miw={0}>
      <Avatar size={28} radius="sm" color="indigo" variant="light" name={workspace.name} visibleFrom="sm" aria-hidden />
      <Text fw={600} size="sm" truncate="end" maw={{ base: 120, sm: 220 }} data-testid="workspace-name">
        {workspace.name}
      </Text>
    </Group>
  );

  if (memberships.length <= 1) {
    return name;
  }

  return (
    <Menu position="bottom-start" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          miw={0}
          aria-label={`${t('auth.workspace.switch')}: ${workspace.name}`}
          px={8}
          py={4}
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        >
          <Group gap={8} wrap="nowrap">
            {name}
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('auth.workspace.switch')}</Menu.Label>
        {memberships.map((membership) => {
          const current = membership.workspace.id === workspace.id;
          return (
            <Menu.Item
              key={membership.workspace.id}
              rightSection={current ? <IconCheck size={14} aria-hidden /> : null}
              disabled={switchMutation.isPending}
              onClick={() => {
                if (!current) switchMutation.mutate({ workspace: membership.workspace.slug });
              }}
            >
              {membership.workspace.name}
            </Menu.Item>
          );
        })}
        {switchMutation.isError && (
          <Text size="xs" c="red" px="sm" py={4} role="alert">
            {errorMessage(switchMutation.error)}
          </Text>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
