import { useTranslation } from 'react-i18next';

import { useNow } from '@/lib/use-now';

import { formatWait, waitingSeconds, waitLevel } from '../utils/board';
import classes from './supervisor.module.css';

export interface BoardClock {
  /** The board's `generated_at`: the server's clock when it counted. */
  generatedAt: string;
  /** When this browser received that answer (ms). */
  receivedAt: number;
}

/** "waiting 23 min", ticking between refetches; orange after 15 min, red after an hour. */
export function WaitingSince({ since, clock }: { since: string | null; clock: BoardClock }) {
  const { t } = useTranslation();
  if (since === null) {
    return <span className={classes.zero}>{t('supervisor.teams.nobodyWaiting')}</span>;
  }
  return <Ticking since={since} clock={clock} />;
}

function Ticking({ since, clock }: { since: string; clock: BoardClock }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const seconds = waitingSeconds(since, { ...clock, now });
  const time = formatWait(seconds, i18n.resolvedLanguage ?? 'en');
  return (
    <span className={classes.wait} data-level={waitLevel(seconds)} data-testid="oldest-waiting">
      {time === null ? t('supervisor.teams.waitingJustNow') : t('supervisor.teams.waitingFor', { time })}
    </span>
  );
}
