import { Badge, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { ChannelIcon, useChannelName } from '@/components/channel-icon';

import { useChannelAccounts } from '../api/get-channel-accounts';
import { ChannelAccountDrawer } from './channel-account-drawer';
import { CreateChannelAccountModal } from './create-channel-account';
import { PageQueryState } from './query-state';
import classes from './settings.module.css';
import { NewButton } from './settings-table';

const ACCOUNT_PARAM = 'account';

/** The workspace's channel accounts; one opens in a drawer (`?account=<id>`, so it can be linked). */
export function ChannelAccountList() {
  const { t } = useTranslation();
  const channelName = useChannelName();
  const accounts = useChannelAccounts();
  const [creating, setCreating] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  const openId = Number(searchParams.get(ACCOUNT_PARAM)) || null;
  const open = (id: number | null) =>
    setSearchParams(
      (params) => {
        if (id === null) params.delete(ACCOUNT_PARAM);
        else params.set(ACCOUNT_PARAM, String(id));
        return params;
      },
      { replace: id === null },
    );

  const rows = accounts.data?.results ?? [];
  const opened = rows.find((account) => account.id === openId) ?? null;

  return (
    <>
      <div className={classes.toolbar}>
        <span />
        <NewButton onClick={() => setCreating(true)} testId="connect-channel">
          {t('settings.channels.connect')}
        </NewButton>
      </div>
      <PageQueryState
        query={accounts}
        loadFailed={t('settings.channels.loadFailed')}
        empty={{ icon: <IconPlugConnected size={28} stroke={1.5} />, title: t('settings.channels.emptyTitle'), description: t('settings.channels.emptyDescription') }}
      >
        {(page) => (
          <div className={classes.tableWrap}>
            <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="channel-accounts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.channels.columns.channel')}</Table.Th>
                  <Table.Th>{t('settings.channels.columns.name')}</Table.Th>
                  <Table.Th>{t('settings.channels.columns.externalId')}</Table.Th>
                  <Table.Th visibleFrom="md">{t('settings.channels.columns.webhook')}</Table.Th>
                  <Table.Th>{t('settings.channels.columns.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.results.map((account) => (
                  <Table.Tr
                    key={account.id}
                    className={classes.clickableRow}
                    onClick={() => open(account.id)}
                    data-testid="channel-account-row"
                  >
                    <Table.Td>
                      <Group gap={8} wrap="nowrap">
                        <ChannelIcon kind={account.kind} size={20} />
                        <Text size="sm">{channelName(account.kind)}</Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <UnstyledButton
                        className={classes.rowButton}
                        onClick={(event) => {
                          event.stopPropagation();
                          open(account.id);
                        }}
                        aria-label={t('settings.channels.open', { name: account.name })}
                      >
                        {account.name}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td>
                      <Text className={classes.mono} c="dimmed">
                        {account.external_id || '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="md">
                      <Text className={`${classes.mono} ${classes.truncate}`} c="dimmed" title={account.setup.webhook_url}>
                        {account.setup.webhook_url || '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={account.is_active ? 'teal' : 'gray'} radius="sm">
                        {account.is_active ? t('settings.channels.active') : t('settings.channels.inactive')}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </PageQueryState>
      <ChannelAccountDrawer account={opened} onClose={() => open(null)} />
      <CreateChannelAccountModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(account) => {
          setCreating(false);
          open(account.id);
        }}
      />
    </>
  );
}
