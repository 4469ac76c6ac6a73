import { Alert, Avatar, Badge, Button, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { IconCrown, IconGitMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { errorMessage } from '@/lib/api-client';

import { useCustomerCases } from '../api/get-customer-cases';
import { useMembers } from '../api/get-members';
import { type MergeSuggestion, useMergeSuggestions } from '../api/get-merge-suggestions';
import { type CustomerMergeResult, useMergeCustomer } from '../api/merge-customer';
import type { CaseCustomerDetail, CaseStatus, InboxView } from '../types';
import { OPEN_STATUSES } from '../types';
import { relativeTime } from '../utils/format';
import { viewPath } from '../utils/view-path';
import classes from './case-view.module.css';
import { ChannelIcon } from '@/components/channel-icon';

/** A `tier:<name>` customer tag is the loyalty tier (until customers carry a tier of their own). */
export const TIER_TAG_PREFIX = 'tier:';

const TIER_COLORS: Record<string, string> = {
  platinum: 'indigo',
  gold: 'yellow',
  silver: 'gray',
  bronze: 'orange',
};

/** The loyalty tier and the other loyalty tags of a customer's tags. */
export function loyaltyOf(tags: readonly string[] = []): { tier: string | null; tags: string[] } {
  const tierTag = tags.find((tag) => tag.toLowerCase().startsWith(TIER_TAG_PREFIX));
  const tier = tierTag ? tierTag.slice(TIER_TAG_PREFIX.length).trim() : '';
  return { tier: tier || null, tags: tags.filter((tag) => tag !== tierTag) };
}

export function TierBadge({ tier, size = 'sm' }: { tier: string; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  const label = tier.charAt(0).toLocaleUpperCase() + tier.slice(1);
  return (
    <Badge
      size={size}
      radius="sm"
      variant="light"
      color={TIER_COLORS[tier.toLowerCase()] ?? 'violet'}
      leftSection={<IconCrown size={12} stroke={2} />}
      tt="none"
      aria-label={`${t('inbox.customer.tier')}: ${label}`}
      data-testid="tier-badge"
    >
      {label}
    </Badge>
  );
}

interface CustomerPanelProps {
  customer: CaseCustomerDetail;
  caseId: number;
  /** Links to previous cases stay in the list the agent is working. */
  view: InboxView;
  /** My membership: supervisors and admins may merge duplicates. */
  myMemberId?: number | null;
}

/** Who the customer is: profile, channels, loyalty, reach, likely duplicates, and their other cases. */
export function CustomerPanel({ customer, caseId, view, myMemberId = null }: CustomerPanelProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const name = customer.display_name || `#${customer.id}`;
  const loyalty = loyaltyOf(customer.tags);
  const identities = customer.identities ?? [];
  const followers = customer.follower_count;
  return (
    <aside className={classes.customerPanel} aria-labelledby="customer-panel-heading" data-testid="customer-panel">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar src={customer.avatar_url || null} name={name} color="initials" radius="xl" size={48} alt="" />
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" fw={700} tt="uppercase" lts={0.6}>
              {t('inbox.customer.title')}
            </Text>
            <Title id="customer-panel-heading" order={3} size="h5" lineClamp={2}>
              {name}
            </Title>
            {loyalty.tier ? (
              <Group mt={4}>
                <TierBadge tier={loyalty.tier} />
              </Group>
            ) : null}
          </div>
        </Group>

        <dl className={classes.facts}>
          {customer.email ? <Fact label={t('inbox.customer.email')} value={customer.email} /> : null}
          {customer.phone ? <Fact label={t('inbox.customer.phone')} value={customer.phone} /> : null}
          {customer.language ? (
            <Fact label={t('inbox.customer.language')} value={languageName(customer.language, language)} />
          ) : null}
          {followers !== null && followers !== undefined ? (
            <Fact
              label={t('inbox.customer.followers')}
              value={new Intl.NumberFormat(language, { notation: 'compact' }).format(followers)}
              testId="customer-followers"
            />
          ) : null}
        </dl>

        <PanelSection title={t('inbox.customer.channels')}>
          {identities.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('inbox.customer.noIdentities')}
            </Text>
          ) : (
            <ul className={classes.plainList} data-testid="customer-identities">
              {identities.map((identity) => (
                <li key={identity.id}>
                  <Group gap={8} wrap="nowrap">
                    <ChannelIcon kind={identity.channel_kind} size={16} />
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" truncate="end">
                        {identity.username ? `@${identity.username}` : identity.display_name || identity.external_id}
                      </Text>
                      {identity.username || identity.display_name ? (
                        <Text size="xs" c="dimmed" truncate="end">
                          {identity.external_id}
                        </Text>
                      ) : null}
                    </div>
                  </Group>
                </li>
              ))}
            </ul>
          )}
        </PanelSection>

        {loyalty.tags.length > 0 ? (
          <PanelSection title={t('inbox.customer.loyaltyTags')}>
            <Group gap={4}>
              {loyalty.tags.map((tag) => (
                <Badge key={tag} size="sm" variant="default" radius="sm" tt="none" fw={500}>
                  {tag}
                </Badge>
              ))}
            </Group>
          </PanelSection>
        ) : null}

        <MergeSuggestions customer={customer} myMemberId={myMemberId} />

        <PanelSection title={t('inbox.customer.previousCases')}>
          <PreviousCases customerId={customer.id} caseId={caseId} view={view} language={language} />
        </PanelSection>
      </Stack>
    </aside>
  );
}

function PreviousCases({ customerId, caseId, view, language }: { customerId: number; caseId: number; view: InboxView; language: string }) {
  const { t } = useTranslation();
  const cases = useCustomerCases(customerId);
  if (cases.isPending) return <Loader size="xs" aria-label={t('common.loading')} />;
  if (cases.isError) {
    return (
      <Text size="sm" c="red">
        {t('inbox.customer.casesFailed')}
      </Text>
    );
  }
  const others = cases.data.results.filter((row) => row.id !== caseId);
  if (others.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('inbox.customer.noPreviousCases')}
      </Text>
    );
  }
  return (
    <ul className={classes.plainList} data-testid="previous-cases">
      {others.map((row) => (
        <li key={row.id}>
          <Link to={viewPath(view, row.id)} className={classes.previousCase}>
            <Group gap={6} wrap="nowrap" justify="space-between">
              <Group gap={6} wrap="nowrap" miw={0}>
                <ChannelIcon kind={row.channel_kind} size={14} />
                <Text size="sm" fw={600}>
                  #{row.id}
                </Text>
                <StatusBadge status={row.status} />
              </Group>
              <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                <time dateTime={row.last_message_at}>{relativeTime(row.last_message_at, language)}</time>
              </Text>
            </Group>
            <Text size="xs" c="dimmed" lineClamp={1}>
              {row.subject || row.last_message_preview || t('inbox.cases.noMessage')}
            </Text>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/**
 * Other customers who may be the same person (same email or phone, never the name alone), and
 * merging one into this customer after a confirmation. Hidden when there are none.
 */
function MergeSuggestions({ customer, myMemberId }: { customer: CaseCustomerDetail; myMemberId: number | null }) {
  const { t } = useTranslation();
  const suggestions = useMergeSuggestions(customer.id);
  const members = useMembers();
  const role = members.data?.find((member) => member.id === myMemberId)?.role;
  const canMerge = role === 'supervisor' || role === 'admin';
  const merge = useMergeCustomer(customer.id);
  const [confirming, setConfirming] = useState<MergeSuggestion | null>(null);
  const [merged, setMerged] = useState<{ name: string; result: CustomerMergeResult } | null>(null);
  const targetName = customer.display_name || `#${customer.id}`;

  const rows = suggestions.data ?? [];
  if (rows.length === 0 && !merged) return null;
  return (
    <PanelSection title={t('inbox.customer.duplicates.title')}>
      {merged ? (
        <Alert color="teal" variant="light" p="xs" mb={rows.length ? 'xs' : 0} data-testid="merge-done" withCloseButton onClose={() => setMerged(null)}>
          <Text size="sm">
            {merged.result.moved_case_count > 0
              ? t('inbox.customer.duplicates.merged', { name: merged.name, count: merged.result.moved_case_count })
              : t('inbox.customer.duplicates.mergedNoCases', { name: merged.name })}
          </Text>
        </Alert>
      ) : null}
      {rows.length > 0 ? (
        <Text size="xs" c="dimmed" mb={6}>
          {t('inbox.customer.duplicates.hint')}
        </Text>
      ) : null}
      <ul className={classes.plainList} data-testid="merge-suggestions">
        {rows.map((suggestion) => {
          const name = suggestion.customer.display_name || `#${suggestion.customer.id}`;
          return (
            <li key={suggestion.customer.id} data-testid="merge-suggestion" data-customer-id={suggestion.customer.id}>
              <Group gap={8} wrap="nowrap" align="flex-start">
                <Avatar src={suggestion.customer.avatar_url || null} name={name} color="initials" radius="xl" size={28} alt="" />
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600} truncate="end">
                      {name}
                    </Text>
                    {suggestion.customer.channels.map((kind) => (
                      <ChannelIcon key={kind} kind={kind} size={13} />
                    ))}
                  </Group>
                  <Group gap={4} mt={2}>
                    {suggestion.reasons.map((reason) => (
                      <Badge key={reason} size="xs" radius="sm" variant="light" color="grape" tt="none">
                        {t(`inbox.customer.duplicates.reasons.${reason}`)}
                      </Badge>
                    ))}
                  </Group>
                  {suggestion.reasons.map((reason) => (
                    <Text key={reason} size="xs" c="dimmed" truncate="end" title={reasonValue(suggestion, reason)} data-testid="merge-reason-value">
                      {reasonValue(suggestion, reason)}
                    </Text>
                  ))}
                  {canMerge ? (
                    <Button
                      size="compact-xs"
                      variant="light"
                      mt={4}
                      leftSection={<IconGitMerge size={13} />}
                      onClick={() => setConfirming(suggestion)}
                      aria-label={t('inbox.customer.duplicates.mergeNamed', { name })}
                    >
                      {t('inbox.customer.duplicates.merge')}
                    </Button>
                  ) : null}
                </div>
              </Group>
            </li>
          );
        })}
      </ul>
      {rows.length > 0 && !canMerge && role ? (
        <Text size="xs" c="dimmed" mt={6}>
          {t('inbox.customer.duplicates.askSupervisor')}
        </Text>
      ) : null}
      <Modal
        opened={confirming !== null}
        onClose={() => {
          setConfirming(null);
          merge.reset();
        }}
        title={t('inbox.customer.duplicates.confirmTitle')}
        size="sm"
        centered
      >
        {confirming ? (
          <Stack gap="sm">
            <Text size="sm">
              {t('inbox.customer.duplicates.confirmBody', {
                source: confirming.customer.display_name || `#${confirming.customer.id}`,
                target: targetName,
              })}
            </Text>
            {merge.isError ? (
              <Alert color="red" variant="light" p="xs">
                <Text size="sm">{errorMessage(merge.error)}</Text>
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('inbox.customer.duplicates.cancel')}
              </Button>
              <Button
                color="grape"
                leftSection={<IconGitMerge size={16} />}
                loading={merge.isPending}
                data-testid="merge-confirm"
                onClick={() => {
                  const source = confirming;
                  merge.mutate(source.customer.id, {
                    onSuccess: (result) => {
                      setConfirming(null);
                      setMerged({ name: source.customer.display_name || `#${source.customer.id}`, result });
                    },
                  });
                }}
              >
                {t('inbox.customer.duplicates.confirm')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </PanelSection>
  );
}

/** What matched: the shared email or phone number. */
function reasonValue(suggestion: MergeSuggestion, reason: MergeSuggestion['reasons'][number]): string {
  return (reason === 'same_email' ? suggestion.customer.email : suggestion.customer.phone) ?? '';
}

function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  const open = OPEN_STATUSES.includes(status);
  return (
    <Badge size="xs" radius="sm" variant="light" color={open ? 'blue' : 'teal'} style={{ flex: 'none' }}>
      {t(`inbox.status.${status}`)}
    </Badge>
  );
}

function PanelSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <Text component="h4" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.6} mb={6}>
        {title}
      </Text>
      {children}
    </section>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className={classes.fact} data-testid={testId}>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} truncate="end">
        {value}
      </Text>
    </div>
  );
}

/** "Spanish" for `es`, in the agent's language. */
function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
