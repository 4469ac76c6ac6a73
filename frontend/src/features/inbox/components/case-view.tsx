import { ActionIcon, Alert, Avatar, Badge, Button, Center, Drawer, Group, Loader, Select, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconId, IconRotate } from '@tabler/icons-react';
import { type Ref, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { errorMessage } from '@/lib/api-client';

import { useCase } from '../api/get-case';
import { memberName, useMembers } from '../api/get-members';
import { type CaseChange, useUpdateCase } from '../api/update-case';
import { useCasePresence } from '../hooks/use-case-presence';
import {
  type CaseDetail,
  type CaseEvent,
  type CasePriority,
  type InboxView,
  type Message,
  OPEN_STATUSES,
  PRIORITIES,
} from '../types';
import { messageTime } from '../utils/format';
import { snoozeLabel } from '../utils/snooze';
import { viewPath } from '../utils/view-path';
import { SnoozeMenu, TagsEditor, TeamSelect } from './case-actions';
import classes from './case-view.module.css';
import { ChannelIcon } from '@/components/channel-icon';
import { Composer, type ComposerHandle } from './composer';
import { MessageBubble } from './message-bubble';
import { CustomerPanel, loyaltyOf, TierBadge } from './customer-panel';
import { SlaCountdown } from './sla-countdown';

export interface CaseViewHandle {
  focusComposer(mode: 'reply' | 'note'): void;
  resolve(): void;
  assignToMe(): void;
  openSnooze(): void;
  openTags(): void;
}

interface CaseViewProps {
  caseId: number;
  currentUserId: number;
  myMemberId: number | null;
  /** The view this case was opened from: the back link on narrow screens, and the customer's case links. */
  view: InboxView;
  ref?: Ref<CaseViewHandle>;
}

/** One case: header with its clock and controls, the timeline, who else is here, the composer, the customer. */
export function CaseView({ caseId, currentUserId, myMemberId, view, ref }: CaseViewProps) {
  const { t } = useTranslation();
  const detail = useCase(caseId);
  const presence = useCasePresence(caseId, currentUserId);
  const update = useUpdateCase(caseId, myMemberId);
  const composer = useRef<ComposerHandle>(null);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [tagsOpen, setTagsOpen] = useState(false);
  const [customerDrawer, setCustomerDrawer] = useState(false);

  const isOpen = detail.data ? OPEN_STATUSES.includes(detail.data.status) : false;
  const resolve = () => {
    if (detail.data && isOpen && !update.isPending) update.mutate({ action: 'status', status: 'resolved' });
  };
  useImperativeHandle(ref, () => ({
    focusComposer: (mode) => composer.current?.focus(mode),
    resolve,
    assignToMe: () => {
      if (detail.data && myMemberId !== null && detail.data.assignee_id !== myMemberId && !update.isPending) {
        update.mutate({ action: 'assign', assignee_id: myMemberId });
      }
    },
    openSnooze: () => {
      if (detail.data && isOpen) setSnoozeOpen(true);
    },
    openTags: () => {
      if (detail.data) setTagsOpen(true);
    },
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
      <CaseHeader kase={kase} backTo={viewPath(view)} isOpen={isOpen} onShowCustomer={() => setCustomerDrawer(true)} />
      <div className={classes.toolbar} role="toolbar" aria-label={t('inbox.caseView.actions')}>
        <CaseControls
          kase={kase}
          isOpen={isOpen}
          busy={update.isPending}
          snoozeOpen={snoozeOpen}
          onSnoozeOpenChange={setSnoozeOpen}
          tagsOpen={tagsOpen}
          onTagsOpenChange={setTagsOpen}
          onChange={(change) => {
            if (change.action === 'snooze') setSnoozeOpen(false);
            update.mutate(change);
          }}
          onResolve={resolve}
        />
      </div>
      {update.isError ? (
        <Alert color="red" variant="light" m="sm" mb={0} title={t('inbox.caseView.actionFailed')}>
          {errorMessage(update.error)}
        </Alert>
      ) : null}
      <div className={classes.body}>
        <div className={classes.conversation}>
          <Timeline kase={kase} />
          <PresenceLine viewers={presence.viewers} typing={presence.typing} />
          <Composer
            ref={composer}
            caseId={kase.id}
            replyWindow={kase.reply_window}
            customerLanguage={kase.customer.language}
            onTyping={presence.reportTyping}
          />
        </div>
        <div className={classes.customerColumn}>
          <CustomerPanel customer={kase.customer} caseId={kase.id} view={view} myMemberId={myMemberId} />
        </div>
      </div>
      <Drawer
        opened={customerDrawer}
        onClose={() => setCustomerDrawer(false)}
        position="right"
        size={320}
        title={t('inbox.customer.details')}
        padding={0}
      >
        <CustomerPanel customer={kase.customer} caseId={kase.id} view={view} myMemberId={myMemberId} />
      </Drawer>
    </section>
  );
}

interface CaseHeaderProps {
  kase: CaseDetail;
  backTo: string;
  isOpen: boolean;
  /** Opens the customer panel where it has no room of its own. */
  onShowCustomer(): void;
}

function CaseHeader({ kase, backTo, isOpen, onShowCustomer }: CaseHeaderProps) {
  const { t, i18n } = useTranslation();
  const name = kase.customer.display_name || `#${kase.id}`;
  const tier = loyaltyOf(kase.customer.tags).tier;
  return (
    <header className={classes.header}>
      <Group gap="sm" wrap="nowrap" className={classes.headerCustomer}>
        <ActionIcon component={Link} to={backTo} variant="subtle" color="gray" hiddenFrom="md" aria-label={t('inbox.caseView.back')}>
          <IconArrowLeft size={18} />
        </ActionIcon>
        <Avatar src={kase.customer.avatar_url || null} name={name} color="initials" radius="xl" size={40} alt="" />
        <div style={{ minWidth: 0 }}>
          <Group gap={8} wrap="nowrap">
            <Title id="case-title" order={2} size="h5" lineClamp={1}>
              {name}
            </Title>
            {tier ? <TierBadge tier={tier} size="xs" /> : null}
          </Group>
          <Group gap={6} wrap="nowrap">
            <ChannelIcon kind={kase.channel_kind} size={14} />
            <Text size="xs" c="dimmed" truncate="end">
              {kase.channel_account?.name ?? kase.channel_kind} · #{kase.id}
            </Text>
            <Badge size="xs" variant="light" color={isOpen ? 'blue' : 'teal'} radius="sm" data-testid="case-status" style={{ flex: 'none' }}>
              {t(`inbox.status.${kase.status}`)}
            </Badge>
            {kase.status === 'snoozed' && kase.snoozed_until ? (
              <Text size="xs" c="dimmed" style={{ flex: 'none' }} data-testid="snoozed-until">
                {t('inbox.snooze.snoozedUntil', {
                  when: snoozeLabel(new Date(kase.snoozed_until), i18n.resolvedLanguage ?? 'en'),
                })}
              </Text>
            ) : null}
          </Group>
        </div>
      </Group>
      <Group gap={6} wrap="nowrap" className={classes.headerSla}>
        <SlaCountdown caseId={kase.id} variant="header" />
        <span className={classes.panelToggle}>
          <Tooltip label={t('inbox.customer.details')} withArrow>
            <ActionIcon variant="subtle" color="gray" onClick={onShowCustomer} aria-label={t('inbox.customer.details')} data-testid="customer-panel-toggle">
              <IconId size={18} stroke={1.7} />
            </ActionIcon>
          </Tooltip>
        </span>
      </Group>
    </header>
  );
}

interface CaseControlsProps {
  kase: CaseDetail;
  isOpen: boolean;
  busy: boolean;
  snoozeOpen: boolean;
  onSnoozeOpenChange(opened: boolean): void;
  tagsOpen: boolean;
  onTagsOpenChange(opened: boolean): void;
  onChange(change: CaseChange): void;
  onResolve(): void;
}

function CaseControls({
  kase,
  isOpen,
  busy,
  snoozeOpen,
  onSnoozeOpenChange,
  tagsOpen,
  onTagsOpenChange,
  onChange,
  onResolve,
}: CaseControlsProps) {
  const { t } = useTranslation();
  const members = useMembers();
  const memberOptions = [
    { value: 'none', label: t('inbox.caseView.unassigned') },
    ...(members.data ?? []).map((member) => ({ value: String(member.id), label: memberName(member) })),
  ];
  // The current assignee stays readable even before (or without) the member list.
  if (kase.assignee && !memberOptions.some((option) => option.value === String(kase.assignee?.id))) {
    memberOptions.push({ value: String(kase.assignee.id), label: kase.assignee.name });
  }
  return (
    <>
      <Group gap={8} wrap="wrap" className={classes.controls}>
        <Select
          size="xs"
          w={136}
          aria-label={t('inbox.caseView.assignee')}
          data={memberOptions}
          value={kase.assignee_id === null ? 'none' : String(kase.assignee_id)}
          onChange={(value) => value && onChange({ action: 'assign', assignee_id: value === 'none' ? null : Number(value) })}
          allowDeselect={false}
          disabled={busy}
          comboboxProps={{ withinPortal: true }}
          data-testid="assignee-select"
        />
        <TeamSelect
          teamId={kase.team_id}
          teamName={kase.team?.name}
          disabled={busy}
          onChange={(teamId) => onChange({ action: 'team', team_id: teamId })}
        />
        <Select
          size="xs"
          w={96}
          aria-label={t('inbox.priority.label')}
          data={PRIORITIES.map((priority) => ({ value: String(priority), label: t(`inbox.priority.${priority}`) }))}
          value={String(kase.priority)}
          onChange={(value) => value && onChange({ action: 'priority', priority: Number(value) as CasePriority })}
          allowDeselect={false}
          disabled={busy}
        />
        <TagsEditor
          tags={kase.tags}
          opened={tagsOpen}
          onOpenChange={onTagsOpenChange}
          disabled={busy}
          onChange={(changes) => onChange({ action: 'tags', ...changes })}
        />
      </Group>
      <Group gap={8} wrap="nowrap" className={classes.controlsEnd}>
        {isOpen ? (
          <SnoozeMenu
            opened={snoozeOpen}
            onOpenChange={onSnoozeOpenChange}
            snoozed={kase.status === 'snoozed'}
            disabled={busy}
            onSnooze={(until) => onChange({ action: 'snooze', until: until.toISOString() })}
            onWake={() => onChange({ action: 'status', status: 'open' })}
          />
        ) : null}
        {isOpen ? (
          <Button size="xs" color="teal" leftSection={<IconCheck size={16} />} onClick={onResolve} loading={busy} data-testid="resolve-button">
            {t('inbox.caseView.resolve')}
          </Button>
        ) : (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRotate size={16} />}
            onClick={() => onChange({ action: 'status', status: 'open' })}
            loading={busy}
          >
            {t('inbox.caseView.reopen')}
          </Button>
        )}
      </Group>
    </>
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
