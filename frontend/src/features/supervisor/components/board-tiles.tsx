import { SimpleGrid } from '@mantine/core';
import {
  IconAlarm,
  IconAlertTriangle,
  IconHeadset,
  IconHourglass,
  IconInbox,
  IconUserQuestion,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { BoardTotals } from '../types';
import { allInboxPath, breachingInboxPath, unassignedInboxPath } from '../utils/links';
import classes from './supervisor.module.css';

type TotalKey = keyof BoardTotals;
type Tone = 'orange' | 'red' | undefined;

interface TileSpec {
  key: TotalKey;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** The inbox view with these cases, when there is one. */
  to?: string;
  hint?: 'openHint' | 'unassignedHint' | 'riskHint';
  /** The colour a non-zero count wears. */
  alarm?: Tone;
}

const TILES: TileSpec[] = [
  { key: 'open', icon: IconInbox, to: allInboxPath, hint: 'openHint' },
  { key: 'unassigned', icon: IconUserQuestion, to: unassignedInboxPath, hint: 'unassignedHint' },
  { key: 'waiting', icon: IconHourglass },
  { key: 'at_risk', icon: IconAlarm, to: breachingInboxPath, hint: 'riskHint', alarm: 'orange' },
  { key: 'breached', icon: IconAlertTriangle, to: breachingInboxPath, hint: 'riskHint', alarm: 'red' },
  { key: 'agents_online', icon: IconHeadset },
];

/** The headline counts; SLA risk in orange and breaches in red as soon as there is one. */
export function BoardTiles({ totals }: { totals: BoardTotals }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  return (
    <SimpleGrid
      cols={{ base: 2, sm: 3, lg: 6 }}
      spacing="sm"
      component="ul"
      aria-label={t('supervisor.totals.label')}
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {TILES.map(({ key, icon: Icon, to, hint, alarm }) => {
        const value = totals[key];
        const tone = value > 0 ? alarm : undefined;
        const label = t(`supervisor.totals.${key}`);
        const body = (
          <>
            <span className={classes.tileLabel}>
              <Icon size={16} stroke={1.8} />
              <span>{label}</span>
            </span>
            <span className={classes.tileValue}>{number.format(value)}</span>
          </>
        );
        return (
          <li key={key} data-testid={`tile-${key}`} data-tone={tone ?? 'none'}>
            {to ? (
              <Link to={to} className={classes.tile} data-tone={tone} title={hint ? t(`supervisor.totals.${hint}`) : undefined}>
                {body}
              </Link>
            ) : (
              <div className={classes.tile} data-tone={tone}>
                {body}
              </div>
            )}
          </li>
        );
      })}
    </SimpleGrid>
  );
}
