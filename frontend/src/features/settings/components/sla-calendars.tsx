import {
  ActionIcon,
  Alert,
  Button,
  Drawer,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconCalendarTime, IconPencil, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useToast } from '@/components/toast';
import { errorMessage } from '@/lib/api-client';

import { useCalendars, useDeleteCalendar, useSaveCalendar } from '../api/sla';
import type { Calendar, CalendarInput, CustomHoliday, WorkingWindow } from '../types';
import { fieldError, hasUnshownError } from '../utils/form';
import { ConfirmDelete } from './confirm-delete';
import { QueryState } from './query-state';
import classes from './settings.module.css';

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
  const toast = useToast();
  const calendars = useCalendars();
  const remove = useDeleteCalendar();
  const weekdays = useWeekdayNames('short');
  const [editing, setEditing] = useState<Calendar | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Calendar | null>(null);

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
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-calendar">
          {t('settings.sla.newCalendar')}
        </Button>
      </div>
      <QueryState
        query={calendars}
        loadFailed={t('settings.sla.calendarsLoadFailed')}
        empty={{
          when: (page) => page.results.length === 0,
          icon: <IconCalendarTime size={28} stroke={1.5} />,
          title: t('settings.sla.noCalendars'),
          description: t('settings.sla.noCalendarsHelp'),
        }}
      >
        {(page) => (
          <div className={classes.tableWrap}>
            <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="calendars">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.sla.columns.calendar')}</Table.Th>
                  <Table.Th>{t('settings.sla.timezone')}</Table.Th>
                  <Table.Th>{t('settings.sla.workingHours')}</Table.Th>
                  <Table.Th>{t('settings.sla.holidays')}</Table.Th>
                  <Table.Th w={1}>
                    <VisuallyHidden>{t('settings.common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
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
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => setEditing(calendar)}
                          aria-label={t('settings.common.editNamed', { name: calendar.name })}
                        >
                          <IconPencil size={18} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => {
                            remove.reset();
                            setDeleting(calendar);
                          }}
                          aria-label={t('settings.common.deleteNamed', { name: calendar.name })}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </QueryState>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        position="right"
        size={620}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        overlayProps={{ backgroundOpacity: 0.2 }}
        title={
          <Title order={2} size="h4">
            {editing === 'new' ? t('settings.sla.newCalendar') : editing ? editing.name : ''}
          </Title>
        }
      >
        {editing ? (
          <CalendarForm key={editing === 'new' ? 'new' : editing.id} calendar={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Drawer>
      <ConfirmDelete
        name={deleting?.name ?? null}
        consequence={t('settings.sla.deleteCalendarConsequence')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast({ message: t('settings.common.deleted', { name: deleting.name }) });
              setDeleting(null);
            },
          })
        }
      />
    </>
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
        <TextInput
          label={t('settings.sla.calendarName')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setNameMissing(false);
          }}
          required
          maxLength={120}
          error={nameMissing ? t('settings.common.nameRequired') : fieldError(save.error, 'name')}
          data-autofocus
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
                      <TextInput
                        size="xs"
                        w={76}
                        value={window.start}
                        onChange={(event) => updateWindow(index, { start: event.currentTarget.value.trim() })}
                        placeholder="09:00"
                        maxLength={5}
                        inputMode="numeric"
                        error={TIME_OF_DAY.test(window.start) ? undefined : true}
                        aria-invalid={!TIME_OF_DAY.test(window.start)}
                        aria-label={t('settings.sla.opensAt', { day: weekdays[day], n: n + 1 })}
                      />
                      <Text size="sm" aria-hidden>
                        –
                      </Text>
                      <TextInput
                        size="xs"
                        w={76}
                        value={window.end}
                        onChange={(event) => updateWindow(index, { end: event.currentTarget.value.trim() })}
                        placeholder="17:00"
                        maxLength={5}
                        inputMode="numeric"
                        error={TIME_OF_DAY.test(window.end) ? undefined : true}
                        aria-invalid={!TIME_OF_DAY.test(window.end)}
                        aria-label={t('settings.sla.closesAt', { day: weekdays[day], n: n + 1 })}
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

        {hasUnshownError(save.error, ['name', 'timezone', 'hours', 'holiday_country', 'holiday_subdivision', 'custom_holidays']) ? (
          <Alert color="red" variant="light" title={t('settings.common.saveFailed')}>
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {calendar ? t('common.save') : t('settings.common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
