import { Tabs } from '@mantine/core';
import { IconCalendarTime, IconClockHour4 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { paths } from '@/config/paths';

import { CalendarList } from './sla-calendars';
import { PolicyList } from './sla-policies';
import { SettingsHeader } from './settings-layout';
import classes from './settings.module.css';

export type SlaSettingsTab = 'policies' | 'calendars';

/** Settings › SLA: the policies (targets, what they apply to, in order) and the business-hours calendars. */
export function SlaSettings({ tab }: { tab: SlaSettingsTab }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className={classes.page} data-testid="sla-settings">
      <SettingsHeader title={t('settings.sla.title')} description={t('settings.sla.description')} />
      <Tabs
        value={tab}
        onChange={(next) => void navigate(next === 'calendars' ? paths.settingsSlaCalendars : paths.settingsSla)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="policies" leftSection={<IconClockHour4 size={16} />}>
            {t('settings.sla.tabs.policies')}
          </Tabs.Tab>
          <Tabs.Tab value="calendars" leftSection={<IconCalendarTime size={16} />}>
            {t('settings.sla.tabs.calendars')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="policies">
          <PolicyList />
        </Tabs.Panel>
        <Tabs.Panel value="calendars">
          <CalendarList />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
