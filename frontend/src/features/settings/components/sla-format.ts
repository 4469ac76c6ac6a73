import { useTranslation } from 'react-i18next';

import { splitMinutes } from '../utils/form';

/** A duration as people read it: "1 d 2 h", "45 min". */
export function useFormatDuration() {
  const { t } = useTranslation();
  return (seconds: number): string => {
    const { days, hours, minutes } = splitMinutes(seconds);
    return [
      days ? t('settings.sla.units.days', { value: days }) : '',
      hours ? t('settings.sla.units.hours', { value: hours }) : '',
      minutes ? t('settings.sla.units.minutes', { value: minutes }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  };
}

/** A target as people read it: "1 h 30 min · business hours", or "No target". */
export function useFormatTarget() {
  const { t } = useTranslation();
  const formatDuration = useFormatDuration();
  return (seconds: number | null, business: boolean): string =>
    seconds ? `${formatDuration(seconds)} · ${business ? t('settings.sla.business') : t('settings.sla.wall')}` : t('settings.sla.noTarget');
}
