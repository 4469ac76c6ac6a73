import {
  ActionIcon,
  Alert,
  Center,
  EmptyState,
  Group,
  Loader,
  Pagination,
  Select,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconRefresh, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { ChannelIcon } from '@/components/channel-icon';
import { errorMessage } from '@/lib/api-client';
import { byteSize } from '@/lib/format';

import { useChannelAccounts } from '../api/get-channel-accounts';
import { INBOUND_EVENTS_PAGE_SIZE, type InboundEventFilters, useInboundEvents } from '../api/get-inbound-events';
import { type ChannelAccount, INBOUND_EVENT_STATUSES, type InboundEventStatus } from '../types';
import { dateTime } from '../utils/format';
import { outcomeSummary } from '../utils/webhook-log';
import { InboundEventDrawer } from './inbound-event-drawer';
import { InboundEventStatusBadge } from './inbound-event-status';
import classes from './settings.module.css';

function isStatus(value: string | null): value is InboundEventStatus {
  return (INBOUND_EVENT_STATUSES as readonly string[]).includes(value ?? '');
}

/** Filters live in the URL (`?status=dead&account=4&page=2&event=17`): a link shows the same log. */
function useLogParams() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const filters: InboundEventFilters = {
    status: isStatus(status) ? status : null,
    channelAccount: Number(params.get('account')) || null,
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  const openEvent = Number(params.get('event')) || null;
  const set = (changes: Record<string, string | number | null>, replace = false) =>
    setParams(
      (current) => {
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') current.delete(key);
          else current.set(key, String(value));
        }
        return current;
      },
      { replace },
    );
  return { filters, openEvent, set };
}

/** Every webhook request as received, newest first, with its processing status. */
export function WebhookLog() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const { filters, openEvent, set } = useLogParams();
  const events = useInboundEvents(filters);
  const accounts = useChannelAccounts();
  const accountsById = new Map((accounts.data?.results ?? []).map((account) => [account.id, account]));
  const rows = events.data?.results ?? [];
  const pages = Math.max(1, Math.ceil((events.data?.count ?? 0) / INBOUND_EVENTS_PAGE_SIZE));
  const filtered = filters.status !== null || filters.channelAccount !== null;

  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('settings.webhookLog.description')}
      </Text>
      <div className={classes.toolbar}>
        <Group gap="sm" align="flex-end">
          <Select
            label={t('settings.webhookLog.status')}
            w={200}
            data={[
              { value: 'all', label: t('settings.webhookLog.allStatuses') },
              ...INBOUND_EVENT_STATUSES.map((status) => ({ value: status, label: t(`settings.webhookLog.statuses.${status}`) })),
            ]}
            value={filters.status ?? 'all'}
            onChange={(value) => set({ status: value === 'all' ? null : value, page: null, event: null })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="status-filter"
          />
          <Select
            label={t('settings.webhookLog.account')}
            w={240}
            data={[
              { value: 'all', label: t('settings.webhookLog.allAccounts') },
              ...(accounts.data?.results ?? []).map((account) => ({ value: String(account.id), label: account.name })),
            ]}
            value={filters.channelAccount === null ? 'all' : String(filters.channelAccount)}
            onChange={(value) => set({ account: value === 'all' ? null : value, page: null, event: null })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        <Tooltip label={t('settings.webhookLog.refresh')} withArrow>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => void events.refetch()}
            aria-label={t('settings.webhookLog.refresh')}
          >
            <IconRefresh size={18} />
          </ActionIcon>
        </Tooltip>
      </div>
      {events.isPending ? (
        <Center p="xl">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      ) : events.isError ? (
        <Alert color="red" title={t('settings.webhookLog.loadFailed')}>
          {errorMessage(events.error)}
        </Alert>
      ) : rows.length === 0 ? (
        <EmptyState variant="light" icon={<IconWebhook size={28} stroke={1.5} />} py="xl">
          <EmptyState.Title order={2}>
            {filtered ? t('settings.webhookLog.emptyFiltered') : t('settings.webhookLog.emptyTitle')}
          </EmptyState.Title>
          <EmptyState.Description>{t('settings.webhookLog.emptyDescription')}</EmptyState.Description>
        </EmptyState>
      ) : (
        <div className={classes.tableWrap}>
          <Table highlightOnHover verticalSpacing="xs" horizontalSpacing="md" data-testid="webhook-log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.webhookLog.columns.id')}</Table.Th>
                <Table.Th>{t('settings.webhookLog.columns.received')}</Table.Th>
                <Table.Th>{t('settings.webhookLog.columns.account')}</Table.Th>
                <Table.Th>{t('settings.webhookLog.columns.status')}</Table.Th>
                <Table.Th ta="right">{t('settings.webhookLog.columns.attempts')}</Table.Th>
                <Table.Th ta="right" visibleFrom="md">
                  {t('settings.webhookLog.columns.size')}
                </Table.Th>
                <Table.Th>{t('settings.webhookLog.columns.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((event) => {
                const account = accountsById.get(event.channel_account);
                const result = event.error || outcomeSummary(event.outcome);
                return (
                  <Table.Tr
                    key={event.id}
                    className={classes.clickableRow}
                    onClick={() => set({ event: event.id })}
                    onKeyDown={(keyboard) => {
                      if (keyboard.key === 'Enter' || keyboard.key === ' ') {
                        keyboard.preventDefault();
                        set({ event: event.id });
                      }
                    }}
                    tabIndex={0}
                    aria-label={t('settings.webhookLog.open', { id: event.id })}
                    data-testid="inbound-event-row"
                    data-status={event.status}
                  >
                    <Table.Td className={classes.mono}>{event.id}</Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {dateTime(event.received_at, language)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <AccountName account={account} kind={event.kind} id={event.channel_account} />
                    </Table.Td>
                    <Table.Td>
                      <InboundEventStatusBadge status={event.status} />
                    </Table.Td>
                    <Table.Td ta="right">{event.attempts}</Table.Td>
                    <Table.Td ta="right" visibleFrom="md" style={{ whiteSpace: 'nowrap' }}>
                      {byteSize(event.size_bytes, language)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={event.error ? 'red.8' : 'dimmed'} className={classes.truncate} title={result}>
                        {result || '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {pages > 1 ? (
        <Group justify="center" mt="md">
          <Pagination total={pages} value={filters.page} onChange={(page) => set({ page: page === 1 ? null : page })} />
        </Group>
      ) : null}
      <InboundEventDrawer
        eventId={openEvent}
        accountName={(id) => accountsById.get(id)?.name}
        onClose={() => set({ event: null }, true)}
      />
    </>
  );
}

function AccountName({ account, kind, id }: { account: ChannelAccount | undefined; kind: string; id: number }) {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <ChannelIcon kind={account?.kind ?? kind} size={18} />
      <Text size="sm" lineClamp={1}>
        {account?.name ?? t('settings.webhookLog.unknownAccount', { id })}
      </Text>
    </Group>
  );
}

