import { ActionIcon, Alert, Avatar, Badge, Button, Center, Group, Loader, Select, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconLock, IconRotate } from '@tabler/icons-react';
import { type Ref, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { errorMessage } from '@/lib/api-client';

import { useCase } from '../api/get-case';
import { memberName, useMembers } from '../api/get-members';
import { useUpdateCase } from '../api/update-case';
import { useCasePresence } from '../hooks/use-case-presence';
import { type CaseDetail, type CaseEvent, type CasePriority, type Message, OPEN_STATUSES, PRIORITIES } from '../types';
import { messageTime } from '../utils/format';
import { ChannelIcon } from './channel-icon';
import { Composer, type ComposerHandle } from './composer';
import classes from './case-view.module.css';

export interface CaseViewHandle {
  focusComposer(mode: 'reply' | 'note'): void;
  resolve(): void;
}

interface CaseViewProps {
  caseId: number;
  currentUserId: number;
  myMemberId: number | null;
  /** The list this case was opened from (the back link on narrow screens). */
  backTo: string;
  ref?: Ref<CaseViewHandle>;
}

/** One case: header with its controls, the timeline, who else is here, the composer. */
export function CaseView({ caseId, currentUserId, myMemberId, backTo, ref }: CaseViewProps) {
  const { t } = useTranslation();
  const detail = useCase(caseId);
  const presence = useCasePresence(caseId, currentUserId);
  const update = useUpdateCase(caseId, myMemberId);
  const composer = useRef<ComposerHandle>(null);

  const isOpen = detail.data ? OPEN_STATUSES.includes(detail.data.status) : false;
  const resolve = () => {
    if (detail.data && isOpen && !update.isPending) update.mutate({ action: 'status', status: 'resolved' });
  };
  useImperativeHandle(ref, () => ({
    focusComposer: (mode) => composer.current?.focus(mode),
    resolve,
  }));

  if (detail.isPending) {
    return (
      <Center h="100%">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (detail.isError) {
    return (
      <Center h="100%" p="xl">
        <Alert color="red" title={t('inbox.caseView.loadFailed')}>
          {errorMessage(detail.error)}
        </Alert>
      </Center>
    );
  }
  const kase = detail.data;
  return (
    <section className={classes.caseView} aria-labelledby="case-title" data-testid="case-view" data-case-id={kase.id}>
      <CaseHeader
        kase={kase}
        backTo={backTo}
        isOpen={isOpen}
        busy={update.isPending}
        onAssign={(assigneeId) => update.mutate({ action: 'assign', assignee_id: assigneeId })}
        onPriority={(priority) => update.mutate({ action: 'priority', priority })}
        onResolve={resolve}
        onReopen={() => update.mutate({ action: 'status', status: 'open' })}
      />
      {update.isError ? (
        <Alert color="red" variant="light" m="sm" mb={0} title={t('inbox.caseView.actionFailed')}>
          {errorMessage(update.error)}
        </Alert>
      ) : null}
      <Timeline kase={kase} />
      <PresenceLine viewers={presence.viewers} typing={presence.typing} />
      <Composer ref={composer} caseId={kase.id} onTyping={presence.reportTyping} />
    </section>
  );
}

interface CaseHeaderProps {
  kase: CaseDetail;
  backTo: string;
  isOpen: boolean;
  busy: boolean;
  onAssign(assigneeId: number | null): void;
  onPriority(priority: CasePriority): void;
  onResolve(): void;
  onReopen(): void;
}

function CaseHeader({ kase, backTo, isOpen, busy, onAssign, onPriority, onResolve, onReopen }: CaseHeaderProps) {
  const { t } = useTranslation();
  const members = useMembers();
  const name = kase.customer.display_name || `#${kase.id}`;
  const memberOptions = [
    { value: 'none', label: t('inbox.caseView.unassigned') },
    ...(members.data ?? []).map((member) => ({ value: String(member.id), label: memberName(member) })),
  ];
  // The current assignee stays readable even before (or without) the member list.
  if (kase.assignee && !memberOptions.some((option) => option.value === String(kase.assignee?.id))) {
    memberOptions.push({ value: String(kase.assignee.id), label: kase.assignee.name });
  }
  return (
    <header className={classes.header}>
      <Group gap="sm" wrap="nowrap" className={classes.headerCustomer}>
        <ActionIcon component={Link} to={backTo} variant="subtle" color="gray" hiddenFrom="md" aria-label={t('inbox.caseView.back')}>
          <IconArrowLeft size={18} />
        </ActionIcon>
        <Avatar src={kase.customer.avatar_url || null} name={name} color="initials" radius="xl" size={40} alt="" />
        <div style={{ minWidth: 0 }}>
          <Title id="case-title" order={2} size="h5" lineClamp={1}>
            {name}
          </Title>
          <Group gap={6} wrap="nowrap">
            <ChannelIcon kind={kase.channel_kind} size={14} />
            <Text size="xs" c="dimmed" truncate="end">
              {kase.channel_account?.name ?? kase.channel_kind} · #{kase.id}
            </Text>
            <Badge size="xs" variant="light" color={isOpen ? 'blue' : 'teal'} radius="sm" data-testid="case-status" style={{ flex: 'none' }}>
              {t(`inbox.status.${kase.status}`)}
            </Badge>
          </Group>
        </div>
      </Group>
      <Group gap="xs" wrap="nowrap" className={classes.headerControls}>
        <Select
          size="xs"
          w={150}
          aria-label={t('inbox.caseView.assignee')}
          data={memberOptions}
          value={kase.assignee_id === null ? 'none' : String(kase.assignee_id)}
          onChange={(value) => value && onAssign(value === 'none' ? null : Number(value))}
          allowDeselect={false}
          disabled={busy}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          size="xs"
          w={110}
          aria-label={t('inbox.priority.label')}
          data={PRIORITIES.map((priority) => ({ value: String(priority), label: t(`inbox.priority.${priority}`) }))}
          value={String(kase.priority)}
          onChange={(value) => value && onPriority(Number(value) as CasePriority)}
          allowDeselect={false}
          disabled={busy}
        />
        {isOpen ? (
          <Button
            size="xs"
            color="teal"
            leftSection={<IconCheck size={16} />}
            onClick={onResolve}
            loading={busy}
            data-testid="resolve-button"
          >
            {t('inbox.caseView.resolve')}
          </Button>
        ) : (
          <Button size="xs" variant="default" leftSection={<IconRotate size={16} />} onClick={onReopen} loading={busy}>
            {t('inbox.caseView.reopen')}
          </Button>
        )}
      </Group>
    </header>
  );
}

type TimelineItem = { at: number; message: Message } | { at: number; event: CaseEvent };

function Timeline({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo<TimelineItem[]>(() => {
    const all: TimelineItem[] = [
      ...kase.messages.map((message) => ({ at: Date.parse(message.sent_at ?? message.received_at), message })),
      // "created" says nothing the first message does not.
      ...kase.timeline.filter((event) => event.kind !== 'created').map((event) => ({ at: Date.parse(event.occurred_at), event })),
    ];
    return all.sort((a, b) => a.at - b.at);
  }, [kase.messages, kase.timeline]);

  // Follow the conversation: a new message scrolls into view.
  useEffect(() => {
    const node = scroller.current;
    if (node) node.scrollTop = node.scrollHeight;
  }, [items.length]);

  return (
    <div ref={scroller} className={classes.timeline} role="log" aria-label={t('inbox.caseView.timeline')} data-testid="timeline">
      {items.map((item) =>
        'message' in item ? (
          <MessageBubble key={`m${item.message.id}`} message={item.message} customer={kase.customer.display_name} />
        ) : (
          <EventLine key={`e${item.event.id}`} event={item.event} />
        ),
      )}
    </div>
  );
}

function MessageBubble({ message, customer }: { message: Message; customer: string }) {
  const { t, i18n } = useTranslation();
  const isNote = message.kind === 'note';
  const isOut = message.direction === 'out' || isNote;
  const author = message.direction === 'in' ? customer : (message.author?.name ?? t('inbox.caseView.agent'));
  const at = message.sent_at ?? message.received_at;
  return (
    <article
      className={classes.message}
      data-direction={isOut ? 'out' : 'in'}
      data-kind={message.kind}
      data-testid="message"
    >
      <div className={classes.bubble}>
        {isNote ? (
          <Group gap={4} mb={2}>
            <IconLock size={12} />
            <Text size="xs" fw={700}>
              {t('inbox.caseView.privateNote')}
            </Text>
          </Group>
        ) : null}
        <Text size="sm" className={classes.messageText}>
          {message.text}
        </Text>
        {message.attachments?.map((attachment) => (
          <Text key={attachment.url} size="xs" component="a" href={attachment.url} target="_blank" rel="noreferrer">
            {attachment.name || attachment.url}
          </Text>
        ))}
      </div>
      <Text size="xs" c="dimmed" className={classes.meta}>
        {author} · <time dateTime={at}>{messageTime(at, i18n.resolvedLanguage ?? 'en')}</time>
        {message.status === 'failed' ? (
          <Text span size="xs" c="red" fw={600}>
            {' '}
            · {t('inbox.caseView.failed')}
          </Text>
        ) : null}
      </Text>
    </article>
  );
}

function EventLine({ event }: { event: CaseEvent }) {
  const { t, i18n } = useTranslation();
  const rawStatus = typeof event.data?.new === 'string' ? event.data.new : '';
  // Mid-sentence in every language we speak: "set the status to open".
  const status = rawStatus
    ? t(`inbox.status.${rawStatus}` as 'inbox.status.open', { defaultValue: rawStatus }).toLocaleLowerCase(i18n.resolvedLanguage)
    : '';
  const text = t(`inbox.events.${event.kind}` as 'inbox.events.created', {
    actor: event.actor?.name ?? t('inbox.events.system'),
    status,
    defaultValue: event.kind,
  });
  return (
    <div className={classes.event} data-testid="timeline-event">
      <Text size="xs" c="dimmed">
        {text} · <time dateTime={event.occurred_at}>{messageTime(event.occurred_at, i18n.resolvedLanguage ?? 'en')}</time>
      </Text>
    </div>
  );
}

function PresenceLine({ viewers, typing }: { viewers: { name: string }[]; typing: { name: string }[] }) {
  const { t } = useTranslation();
  const names = (people: { name: string }[]) => people.map((person) => person.name).join(', ');
  let text = '';
  if (typing.length > 0) {
    text = t(typing.length === 1 ? 'inbox.caseView.typing_one' : 'inbox.caseView.typing_other', { names: names(typing) });
  } else if (viewers.length > 0) {
    text = t(viewers.length === 1 ? 'inbox.caseView.viewing_one' : 'inbox.caseView.viewing_other', { names: names(viewers) });
  }
  return (
    <div className={classes.presence} aria-live="polite" data-testid="presence">
      {text ? (
        <Text size="xs" c="dimmed" fs={typing.length > 0 ? 'italic' : undefined}>
          {text}
        </Text>
      ) : null}
    </div>
  );
}
