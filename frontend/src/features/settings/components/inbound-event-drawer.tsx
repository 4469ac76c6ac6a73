import { Alert, Button, Center, Code, Drawer, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ChannelIcon } from '@/components/channel-icon';
import { useToast } from '@/components/toast';
import { errorMessage } from '@/lib/api-client';
import { byteSize } from '@/lib/format';

import { useInboundEvent } from '../api/get-inbound-event';
import { useReprocessInboundEvent } from '../api/reprocess-inbound-event';
import type { InboundEventDetail } from '../types';
import { dateTime } from '../utils/format';
import { isReprocessable, outcomeSummary, readableBody } from '../utils/webhook-log';
import { InboundEventStatusBadge } from './inbound-event-status';
import classes from './settings.module.css';

interface InboundEventDrawerProps {
  eventId: number | null;
  accountName(id: number): string | undefined;
  onClose(): void;
}

/** One webhook request as received: what happened to it, its headers and body, and "Reprocess". */
export function InboundEventDrawer({ eventId, accountName, onClose }: InboundEventDrawerProps) {
  const { t } = useTranslation();
  const detail = useInboundEvent(eventId);
  return (
    <Drawer
      opened={eventId !== null}
      onClose={onClose}
      position="right"
      size={640}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      overlayProps={{ backgroundOpacity: 0.2 }}
      title={
        eventId !== null ? (
          <Group gap="sm" wrap="nowrap">
            <Title order={2} size="h4">
              {t('settings.webhookLog.detailTitle', { id: eventId })}
            </Title>
            {detail.data ? <InboundEventStatusBadge status={detail.data.status} /> : null}
          </Group>
        ) : null
      }
    >
      {eventId === null ? null : detail.isPending ? (
        <Center p="xl">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      ) : detail.isError ? (
        <Alert color="red" title={t('settings.webhookLog.detailLoadFailed')}>
          {errorMessage(detail.error)}
        </Alert>
      ) : (
        <EventDetails event={detail.data} accountName={accountName(detail.data.channel_account)} />
      )}
    </Drawer>
  );
}

function EventDetails({ event, accountName }: { event: InboundEventDetail; accountName: string | undefined }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const outcome = outcomeSummary(event.outcome);
  const headers = Object.entries(event.headers).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Stack gap={0} data-testid="inbound-event-drawer">
      <section className={classes.section}>
        <dl className={classes.facts}>
          <dt>{t('settings.webhookLog.columns.account')}</dt>
          <dd>
            <Group gap={6} wrap="nowrap">
              <ChannelIcon kind={event.kind} size={16} />
              {accountName ?? t('settings.webhookLog.unknownAccount', { id: event.channel_account })}
            </Group>
          </dd>
          <dt>{t('settings.webhookLog.received')}</dt>
          <dd>{dateTime(event.received_at, language)}</dd>
          <dt>{t('settings.webhookLog.processed')}</dt>
          <dd>{dateTime(event.processed_at, language)}</dd>
          {event.next_attempt_at ? (
            <>
              <dt>{t('settings.webhookLog.nextAttempt')}</dt>
              <dd>{dateTime(event.next_attempt_at, language)}</dd>
            </>
          ) : null}
          <dt>{t('settings.webhookLog.attempts')}</dt>
          <dd>{event.attempts}</dd>
          <dt>{t('settings.webhookLog.columns.size')}</dt>
          <dd>{byteSize(event.size_bytes, language)}</dd>
          {outcome ? (
            <>
              <dt>{t('settings.webhookLog.outcome')}</dt>
              <dd className={classes.mono}>{outcome}</dd>
            </>
          ) : null}
        </dl>
        {event.error ? (
          <Alert color="red" variant="light" mt="md" title={t('settings.webhookLog.error')}>
            <Text size="sm" className={classes.mono} data-testid="inbound-event-error">
              {event.error}
            </Text>
          </Alert>
        ) : null}
        {isReprocessable(event.status) ? <ReprocessButton eventId={event.id} /> : null}
      </section>
      <section className={classes.section} aria-labelledby="headers-title">
        <Title id="headers-title" order={3} size="h5" mb="xs">
          {t('settings.webhookLog.headers')}
        </Title>
        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="xs" data-testid="inbound-event-headers">
          <Table.Tbody>
            {headers.map(([name, value]) => (
              <Table.Tr key={name}>
                <Table.Td className={classes.headerName}>{name}</Table.Td>
                <Table.Td className={classes.headerValue}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {event.query_string ? (
          <Text size="sm" mt="xs">
            {t('settings.webhookLog.query')}: <Code>{event.query_string}</Code>
          </Text>
        ) : null}
      </section>
      <section className={classes.section} aria-labelledby="body-title">
        <Title id="body-title" order={3} size="h5" mb="xs">
          {t('settings.webhookLog.body')}
        </Title>
        {event.body_text ? (
          <Code block className={classes.codeBlock} data-testid="inbound-event-body">
            {readableBody(event.body_text)}
          </Code>
        ) : (
          <Text size="sm" c="dimmed">
            {t('settings.webhookLog.noBody')}
          </Text>
        )}
      </section>
    </Stack>
  );
}

function ReprocessButton({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const reprocess = useReprocessInboundEvent();
  const [confirming, setConfirming] = useState(false);
  const confirm = () =>
    reprocess.mutate(eventId, {
      onSuccess: () => toast({ message: t('settings.webhookLog.reprocessed', { id: eventId }) }),
      onError: (error) =>
        toast({ tone: 'error', title: t('settings.webhookLog.reprocessFailed', { id: eventId }), message: errorMessage(error) }),
      onSettled: () => setConfirming(false),
    });
  return (
    <>
      <Group mt="md">
        <Button
          leftSection={<IconRefresh size={16} />}
          variant="light"
          onClick={() => setConfirming(true)}
          data-testid="reprocess-button"
        >
          {t('settings.webhookLog.reprocess')}
        </Button>
      </Group>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('settings.webhookLog.reprocessTitle', { id: eventId })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        zIndex={320}
      >
        <Text size="sm">{t('settings.webhookLog.reprocessConfirm')}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </Button>
          <Button onClick={confirm} loading={reprocess.isPending} data-testid="reprocess-confirm">
            {t('settings.webhookLog.reprocess')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
