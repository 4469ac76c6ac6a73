import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarTime, IconPlus, IconX } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useToast } from '@/components/toast';

import { useCalendars, useDeleteCalendar, useSaveCalendar } from '../api/sla';
import type { Calendar, CalendarInput, CustomHoliday, WorkingWindow } from '../types';
import { fieldError, hasUnshownError } from '../utils/form';
import { useDeleteConfirmation } from './confirm-delete';
import { EditDrawer, type Editing } from './edit-dialog';
import { FormActions } from './form-actions';
import { NameInput } from './name-input';
import { PageQueryState } from './query-state';
import classes from './settings.module.css';
import { NewButton, RowActions, SettingsTable } from './settings-table';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
/** Local time as the API takes it: HH:MM, 24-hour, with 24:00 for the end of the day. */
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Weekday names in the UI language, Monday first (the API's weekday 0 is Monday). */
function useWeekdayNames(width: 'long' | 'short') {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, { weekday: width, timeZone: 'UTC' });
    // 2024-01-01 was a Monday.
    return WEEKDAYS.map((day) => {
      const name = format.format(new Date(Date.UTC(2024, 0, 1 + day)));
      return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
    });
  }, [language, width]);
}

function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

export function CalendarList() {
  const { t } = useTranslation();
  const calendars = useCalendars();
  const weekdays = useWeekdayNames('short');
  const [editing, setEditing] = useState<Editing<Calendar>>(null);
  const deletion = useDeleteConfirmation<Calendar>({
    remove: useDeleteCalendar(),
    nameOf: (calendar) => calendar.name,
    consequence: t('settings.sla.deleteCalendarConsequence'),
  });

  const hoursSummary = (calendar: Calendar) => {
    const days = WEEKDAYS.filter((day) => calendar.hours.some((window) => window.weekday === day));
    if (!days.length) return t('settings.sla.noHours');
    const weekly = calendar.hours.reduce((total, window) => total + minutesOf(window.end) - minutesOf(window.start), 0) / 60;
    return `${days.map((day) => weekdays[day]).join(', ')} · ${t('settings.sla.hoursPerWeek', { value: Math.round(weekly * 10) / 10 })}`;
  };

  return (
    <>
      <div className={classes.toolbar}>
        <Text size="sm" c="dimmed" maw={720}>
          {t('settings.sla.calendarsHelp')}
        </Text>
        <NewButton onClick={() => setEditing('new')} testId="new-calendar">
          {t('settings.sla.newCalendar')}
        </NewButton>
      </div>
      <PageQueryState
        query={calendars}
        loadFailed={t('settings.sla.calendarsLoadFailed')}
        empty={{ icon: <IconCalendarTime size={28} stroke={1.5} />, title: t('settings.sla.noCalendars'), description: t('settings.sla.noCalendarsHelp') }}
      >
        {(page) => (
          <SettingsTable
            testId="calendars"
            columns={
              <>
                <Table.Th>{t('settings.sla.columns.calendar')}</Table.Th>
                <Table.Th>{t('settings.sla.timezone')}</Table.Th>
                <Table.Th>{t('settings.sla.workingHours')}</Table.Th>
                <Table.Th>{t('settings.sla.holidays')}</Table.Th>
              </>
            }
          >
            {page.results.map((calendar) => (
              <Table.Tr key={calendar.id} data-testid="calendar-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {calendar.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{calendar.timezone}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{hoursSummary(calendar)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {calendar.holiday_country
                      ? [calendar.holiday_country, calendar.holiday_subdivision].filter(Boolean).join(' / ')
                      : t('settings.sla.noPublicHolidays')}
                  </Text>
                  {calendar.custom_holidays.length ? (
                    <Text size="xs" c="dimmed">
                      {t('settings.sla.ownDates', { count: calendar.custom_holidays.length })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <RowActions name={calendar.name} onEdit={() => setEditing(calendar)} onDelete={() => deletion.ask(calendar)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </SettingsTable>
        )}
      </PageQueryState>
      <EditDrawer editing={editing} onClose={() => setEditing(null)} size={620} title={(calendar) => (calendar ? calendar.name : t('settings.sla.newCalendar'))}>
        {(calendar) => <CalendarForm calendar={calendar} onDone={() => setEditing(null)} />}
      </EditDrawer>
      {deletion.dialog}
    </>
  );
}

/** One end of a working window, HH:MM; marked invalid (in red and for screen readers) until it reads as a time. */
function TimeOfDayInput({ value, onChange, placeholder, label }: { value: string; onChange(value: string): void; placeholder: string; label: string }) {
  return (
    <TextInput
      size="xs"
      w={76}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value.trim())}
      placeholder={placeholder}
      maxLength={5}
      inputMode="numeric"
      error={TIME_OF_DAY.test(value) ? undefined : true}
      aria-invalid={!TIME_OF_DAY.test(value)}
      aria-label={label}
    />
  );
}

const OFFICE_HOURS: WorkingWindow[] = [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

function CalendarForm({ calendar, onDone }: { calendar: Calendar | null; onDone(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useSaveCalendar();
  const weekdays = useWeekdayNames('long');
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState(calendar?.name ?? '');
  const [timezone, setTimezone] = useState(calendar?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
  const [hours, setHours] = useState<WorkingWindow[]>(calendar?.hours ?? OFFICE_HOURS);
  const [country, setCountry] = useState(calendar?.holiday_country ?? '');
  const [region, setRegion] = useState(calendar?.holiday_subdivision ?? '');
  const [ownDates, setOwnDates] = useState<CustomHoliday[]>(calendar?.custom_holidays.map((h) => ({ date: h.date, name: h.name ?? '' })) ?? []);
  const [nameMissing, setNameMissing] = useState(false);
  const [timesInvalid, setTimesInvalid] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const badTimes = hours.some((window) => !TIME_OF_DAY.test(window.start) || !TIME_OF_DAY.test(window.end));
    setTimesInvalid(badTimes);
    if (!name.trim()) setNameMissing(true);
    if (!name.trim() || badTimes) return;
    const input: CalendarInput = {
      name: name.trim(),
      timezone,
      hours,
      holiday_country: country.trim().toUpperCase(),
      holiday_subdivision: region.trim().toUpperCase(),
      custom_holidays: ownDates.filter((holiday) => holiday.date),
    };
    save.mutate(
      { id: calendar?.id ?? null, input },
      {
        onSuccess: (saved) => {
          toast({ message: t('settings.common.saved', { name: saved.name }) });
          onDone();
        },
      },
    );
  };

  const updateWindow = (index: number, change: Partial<WorkingWindow>) =>
    setHours((current) => current.map((window, i) => (i === index ? { ...window, ...change } : window)));

  return (
    <form onSubmit={submit} noValidate data-testid="calendar-form">
      <Stack gap="sm">
        <NameInput
          label={t('settings.sla.calendarName')}
          value={name}
          onChange={(value) => {
            setName(value);
            setNameMissing(false);
          }}
          missing={nameMissing}
          saveError={save.error}
        />
        <Select
          label={t('settings.sla.timezone')}
          data={zones}
          value={timezone}
          onChange={(value) => value && setTimezone(value)}
          searchable
          allowDeselect={false}
          limit={50}
          comboboxProps={{ withinPortal: true }}
          error={fieldError(save.error, 'timezone')}
        />

        <fieldset className={classes.section} style={{ border: 0, margin: 0, paddingInline: 0 }}>
          <Title order={3} size="h5" component="legend" mb={4}>
            {t('settings.sla.workingHours')}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            {t('settings.sla.workingHoursHelp')}
          </Text>
          {WEEKDAYS.map((day) => {
            const windows = hours.map((window, index) => ({ window, index })).filter(({ window }) => window.weekday === day);
            return (
              <div key={day} className={classes.dayRow} data-testid={`day-${day}`}>
                <Text size="sm" fw={600} pt={6}>
                  {weekdays[day]}
                </Text>
                <Stack gap={6}>
                  {windows.length === 0 ? (
                    <Text size="sm" c="dimmed" pt={6}>
                      {t('settings.sla.closed')}
                    </Text>
                  ) : null}
                  {windows.map(({ window, index }, n) => (
                    <Group key={index} gap={6} wrap="nowrap">
                      <TimeOfDayInput
                        value={window.start}
                        onChange={(start) => updateWindow(index, { start })}
                        placeholder="09:00"
                        label={t('settings.sla.opensAt', { day: weekdays[day], n: n + 1 })}
                      />
                      <Text size="sm" aria-hidden>
                        –
                      </Text>
                      <TimeOfDayInput
                        value={window.end}
                        onChange={(end) => updateWindow(index, { end })}
                        placeholder="17:00"
                        label={t('settings.sla.closesAt', { day: weekdays[day], n: n + 1 })}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        onClick={() => setHours((current) => current.filter((_, i) => i !== index))}
                        aria-label={t('settings.sla.removeHours', { day: weekdays[day], n: n + 1 })}
                      >
                        <IconX size={16} />
                      </ActionIcon>
                    </Group>
                  ))}
                  <div>
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      leftSection={<IconPlus size={14} />}
                      onClick={() =>
                        setHours((current) => [
                          ...current,
                          windows.length
                            ? { weekday: day, start: '14:00', end: '18:00' }
                            : { weekday: day, start: '09:00', end: '17:00' },
                        ])
                      }
                      aria-label={t('settings.sla.addHoursOn', { day: weekdays[day] })}
                    >
                      {t('settings.sla.addHours')}
                    </Button>
                  </div>
                </Stack>
              </div>
            );
          })}
          {timesInvalid ? (
            <Text size="sm" c="red.7" role="alert">
              {t('settings.sla.timeFormat')}
            </Text>
          ) : null}
          {fieldError(save.error, 'hours') ? (
            <Text size="sm" c="red.7" role="alert">
              {fieldError(save.error, 'hours')}
            </Text>
          ) : null}
        </fieldset>

        <Title order={3} size="h5" mt="sm">
          {t('settings.sla.holidays')}
        </Title>
        <Group grow align="flex-start">
          <TextInput
            label={t('settings.sla.country')}
            description={t('settings.sla.countryHelp')}
            value={country}
            onChange={(event) => setCountry(event.currentTarget.value.toUpperCase())}
            maxLength={3}
            error={fieldError(save.error, 'holiday_country')}
          />
          <TextInput
            label={t('settings.sla.region')}
            description={t('settings.sla.regionHelp')}
            value={region}
            onChange={(event) => setRegion(event.currentTarget.value.toUpperCase())}
            maxLength={10}
            error={fieldError(save.error, 'holiday_subdivision')}
          />
        </Group>
        <Text size="sm" fw={500} mt="xs">
          {t('settings.sla.ownClosedDates')}
        </Text>
        {ownDates.map((holiday, index) => (
          <Group key={index} gap={6} wrap="nowrap">
            <TextInput
              type="date"
              size="xs"
              value={holiday.date}
              onChange={(event) => {
                const date = event.currentTarget.value;
                setOwnDates((current) => current.map((h, i) => (i === index ? { ...h, date } : h)));
              }}
              aria-label={t('settings.sla.closedDate', { n: index + 1 })}
            />
            <TextInput
              size="xs"
              value={holiday.name}
              placeholder={t('settings.sla.closedDateName')}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setOwnDates((current) => current.map((h, i) => (i === index ? { ...h, name: value } : h)));
              }}
              aria-label={t('settings.sla.closedDateNameN', { n: index + 1 })}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => setOwnDates((current) => current.filter((_, i) => i !== index))}
              aria-label={t('settings.sla.removeClosedDate', { n: index + 1 })}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <div>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            onClick={() => setOwnDates((current) => [...current, { date: '', name: '' }])}
          >
            {t('settings.sla.addClosedDate')}
          </Button>
        </div>
        {fieldError(save.error, 'custom_holidays') ? (
          <Text size="sm" c="red.7" role="alert">
            {fieldError(save.error, 'custom_holidays')}
          </Text>
        ) : null}

        <FormActions
          error={hasUnshownError(save.error, ['name', 'timezone', 'hours', 'holiday_country', 'holiday_subdivision', 'custom_holidays']) ? save.error : null}
          submitLabel={calendar ? t('common.save') : t('settings.common.create')}
          pending={save.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
