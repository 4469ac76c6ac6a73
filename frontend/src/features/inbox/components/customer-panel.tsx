import { Avatar, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconCrown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useCustomerCases } from '../api/get-customer-cases';
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
}

/** Who the customer is: profile, channels, loyalty, reach, and their other cases. */
export function CustomerPanel({ customer, caseId, view }: CustomerPanelProps) {
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
