import { Badge, Tooltip } from '@mantine/core';
import { IconAlarm, IconAlertTriangle, IconClock, IconPlayerPause } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { useNow } from '@/lib/use-now';

import { useCaseSla } from '../api/get-case-sla';
import type { CaseSla, CaseSlaSummary } from '../types';
import { formatDuration, type SlaCountdown as Countdown, type SlaState, slaCountdown, summaryCountdown } from '../utils/sla';

export const SLA_COLORS: Record<SlaState, string> = {
  ok: 'teal',
  at_risk: 'orange',
  breached: 'red',
  paused: 'gray',
};

const ICONS = { ok: IconClock, at_risk: IconAlarm, breached: IconAlertTriangle, paused: IconPlayerPause } as const;

interface SlaCountdownProps {
  caseId: number;
  /** `row`: short, for lists; `header`: with the target's name, for the case view. */
  variant?: 'row' | 'header';
}

/** Time left to the case's next SLA deadline (from the case's clocks), ticking every second, coloured by state. */
export function SlaCountdown({ caseId, variant = 'header' }: SlaCountdownProps) {
  const sla = useCaseSla(caseId);
  // No clocks (no policy), or none running: nothing to count, and no ticking.
  if (!sla.data) return null;
  return <SlaBadge sla={sla.data} variant={variant} />;
}

/** A case list row's countdown, from the clock the list API sent with the row (no request). */
export function RowSlaCountdown({ summary }: { summary: CaseSlaSummary | null | undefined }) {
  if (!summary) return null;
  return <SummaryBadge summary={summary} />;
}

function SummaryBadge({ summary }: { summary: CaseSlaSummary }) {
  const now = useNow();
  const countdown = summaryCountdown(summary, now);
  if (!countdown) return null;
  return <CountdownBadge countdown={countdown} variant="row" />;
}

export function SlaBadge({ sla, variant }: { sla: CaseSla; variant: 'row' | 'header' }) {
  const now = useNow();
  const countdown = slaCountdown(sla, now);
  if (!countdown) return null;
  return <CountdownBadge countdown={countdown} variant={variant} />;
}

/** The words for a countdown: "12 min left", "overdue 12 min", "paused, 40 min left". */
export function useCountdownText() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return (countdown: Countdown) => {
    const time = formatDuration(countdown.seconds, language);
    if (countdown.state === 'paused') {
      return t(countdown.overdue ? 'inbox.sla.pausedOverdue' : 'inbox.sla.pausedLeft', { time });
    }
    return countdown.overdue ? t('inbox.sla.overdue', { time }) : t('inbox.sla.left', { time });
  };
}

function CountdownBadge({ countdown, variant }: { countdown: Countdown; variant: 'row' | 'header' }) {
  const { t, i18n } = useTranslation();
  const text = useCountdownText();
  const language = i18n.resolvedLanguage ?? 'en';
  const target = t(`inbox.sla.targets.${countdown.target}`);
  const Icon = ICONS[countdown.state];
  const full = `${target}: ${text(countdown)}${countdown.state === 'at_risk' ? ` (${t('inbox.sla.atRisk')})` : ''}`;

  // In a row: just the time ("12 min", "overdue 12 min", "Paused"); the name is in the label.
  let short: string;
  if (countdown.state === 'paused') short = t('inbox.sla.paused');
  else if (countdown.overdue) short = t('inbox.sla.overdue', { time: formatDuration(countdown.seconds, language) });
  else short = formatDuration(countdown.seconds, language);

  const badge = (
    <Badge
      size={variant === 'row' ? 'xs' : 'md'}
      radius="sm"
      color={SLA_COLORS[countdown.state]}
      variant={countdown.state === 'breached' ? 'filled' : 'light'}
      tt="none"
      fw={600}
      leftSection={<Icon size={variant === 'row' ? 11 : 14} stroke={2} />}
      aria-label={`${t('inbox.sla.label')} · ${full}`}
      title={variant === 'row' ? full : undefined}
      data-testid="sla-countdown"
      data-state={countdown.state}
      data-target={countdown.target}
      style={{ flex: 'none', fontVariantNumeric: 'tabular-nums' }}
    >
      {variant === 'row' ? short : `${target} · ${text(countdown)}`}
    </Badge>
  );
  return variant === 'header' ? (
    <Tooltip label={`${t('inbox.sla.label')} · ${full}`} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
