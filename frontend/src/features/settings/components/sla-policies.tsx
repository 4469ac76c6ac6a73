import { Badge, Checkbox, Group, MultiSelect, NumberInput, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useChannelName } from '@/components/channel-icon';
import { useToast } from '@/components/toast';
import { CHANNEL_KINDS, type ChannelKind } from '@/config/channels';

import { useCalendars, useDeletePolicy, usePolicies, useSavePolicy } from '../api/sla';
import { type Policy, type PolicyInput, PRIORITIES, SLA_TARGETS, type SlaTarget } from '../types';
import { fieldError, hasUnshownError } from '../utils/form';
import { useDeleteConfirmation } from './confirm-delete';
import { EditDrawer, type Editing } from './edit-dialog';
import { FormActions } from './form-actions';
import { NameInput } from './name-input';
import { PageQueryState } from './query-state';
import classes from './settings.module.css';
import { NewButton, RowActions, SettingsTable } from './settings-table';
import { useFormatDuration, useFormatTarget } from './sla-format';

export function PolicyList() {
  const { t } = useTranslation();
  const channelName = useChannelName();
  const formatTarget = useFormatTarget();
  const policies = usePolicies();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<Editing<Policy>>(null);
  const deletion = useDeleteConfirmation<Policy>({
    remove: useDeletePolicy(),
    nameOf: (policy) => policy.name,
    consequence: t('settings.sla.deletePolicyConsequence'),
  });
  const calendarName = (id: number | null) =>
    id === null ? t('settings.sla.aroundTheClock') : (calendars.data?.results.find((c) => c.id === id)?.name ?? `#${id}`);

  const appliesTo = (policy: Policy): string => {
    if (policy.is_default) return t('settings.sla.appliesDefault');
    const parts: string[] = [];
    const { channel_kinds: kinds, priorities } = policy.conditions;
    if (kinds?.length) parts.push(kinds.map(channelName).join(', '));
    if (priorities?.length) parts.push(priorities.map((p) => t(`inbox.priority.${p}` as 'inbox.priority.0')).join(', '));
    const others = Object.entries(policy.conditions).filter(([key, values]) => !['channel_kinds', 'priorities'].includes(key) && values?.length);
    if (others.length) parts.push(t('settings.sla.otherConditions', { count: others.length }));
    return parts.length ? parts.join(' · ') : t('settings.sla.appliesAll');
  };

  return (
    <>
      <div className={classes.toolbar}>
        <Text size="sm" c="dimmed" maw={720}>
          {t('settings.sla.policiesHelp')}
        </Text>
        <NewButton onClick={() => setEditing('new')} testId="new-policy">
          {t('settings.sla.newPolicy')}
        </NewButton>
      </div>
      <PageQueryState
        query={policies}
        loadFailed={t('settings.sla.policiesLoadFailed')}
        empty={{ icon: <IconClockHour4 size={28} stroke={1.5} />, title: t('settings.sla.noPolicies'), description: t('settings.sla.noPoliciesHelp') }}
      >
        {(page) => (
          <SettingsTable
            testId="policies"
            columns={
              <>
                <Table.Th w={1}>{t('settings.sla.columns.order')}</Table.Th>
                <Table.Th>{t('settings.sla.columns.policy')}</Table.Th>
                <Table.Th>{t('settings.sla.columns.appliesTo')}</Table.Th>
                {SLA_TARGETS.map((target) => (
                  <Table.Th key={target}>{t(`settings.sla.targets.${target}`)}</Table.Th>
                ))}
                <Table.Th visibleFrom="lg">{t('settings.sla.columns.calendar')}</Table.Th>
              </>
            }
          >
            {page.results.map((policy) => (
              <Table.Tr key={policy.id} data-testid="policy-row">
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {policy.position}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {policy.name}
                    </Text>
                    {policy.is_default ? (
                      <Badge size="sm" variant="light" radius="sm">
                        {t('settings.sla.default')}
                      </Badge>
                    ) : null}
                    {policy.is_active ? null : (
                      <Badge size="sm" variant="light" color="gray" radius="sm">
                        {t('settings.common.inactive')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{appliesTo(policy)}</Text>
                </Table.Td>
                {SLA_TARGETS.map((target) => (
                  <Table.Td key={target}>
                    <Text size="sm">{formatTarget(policy[`${target}_seconds`], policy[`${target}_business`])}</Text>
                  </Table.Td>
                ))}
                <Table.Td visibleFrom="lg">
                  <Text size="sm">{calendarName(policy.calendar_id)}</Text>
                </Table.Td>
                <Table.Td>
                  <RowActions name={policy.name} onEdit={() => setEditing(policy)} onDelete={() => deletion.ask(policy)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </SettingsTable>
        )}
      </PageQueryState>
      <EditDrawer editing={editing} onClose={() => setEditing(null)} size={560} title={(policy) => (policy ? policy.name : t('settings.sla.newPolicy'))}>
        {(policy) => (
          <PolicyForm
            policy={policy}
            nextPosition={Math.max(0, ...(policies.data?.results ?? []).map((p) => p.position + 1))}
            onDone={() => setEditing(null)}
          />
        )}
      </EditDrawer>
      {deletion.dialog}
    </>
  );
}

type TargetState = Record<SlaTarget, { minutes: number | ''; business: boolean }>;

function PolicyForm({ policy, nextPosition, onDone }: { policy: Policy | null; nextPosition: number; onDone(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const channelName = useChannelName();
  const formatDuration = useFormatDuration();
  const calendars = useCalendars();
  const save = useSavePolicy();
  const [name, setName] = useState(policy?.name ?? '');
  const [position, setPosition] = useState<number | ''>(policy?.position ?? nextPosition);
  const [isActive, setIsActive] = useState(policy?.is_active ?? true);
  const [isDefault, setIsDefault] = useState(policy?.is_default ?? false);
  const [calendarId, setCalendarId] = useState<string | null>(policy?.calendar_id ? String(policy.calendar_id) : null);
  const [kinds, setKinds] = useState<string[]>(policy?.conditions.channel_kinds ?? []);
  const [priorities, setPriorities] = useState<string[]>((policy?.conditions.priorities ?? []).map(String));
  const [targets, setTargets] = useState<TargetState>(() => {
    const state = {} as TargetState;
    for (const target of SLA_TARGETS) {
      const seconds = policy ? policy[`${target}_seconds`] : target === 'first_response' ? 3600 : null;
      state[target] = { minutes: seconds ? Math.round(seconds / 60) : '', business: policy ? policy[`${target}_business`] : true };
    }
    return state;
  });
  const [nameMissing, setNameMissing] = useState(false);
  const setTarget = (target: SlaTarget, change: Partial<TargetState[SlaTarget]>) =>
    setTargets((current) => ({ ...current, [target]: { ...current[target], ...change } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameMissing(true);
      return;
    }
    // Conditions this screen does not edit (tiers, tags, teams, accounts) are kept as they are.
    const conditions: NonNullable<PolicyInput['conditions']> = { ...(policy?.conditions ?? {}) };
    delete conditions.channel_kinds;
    delete conditions.priorities;
    if (!isDefault) {
      if (kinds.length) conditions.channel_kinds = kinds as ChannelKind[];
      if (priorities.length) conditions.priorities = priorities.map(Number);
    }
    const input: PolicyInput = {
      name: name.trim(),
      position: position === '' ? 0 : position,
      is_active: isActive,
      is_default: isDefault,
      calendar_id: calendarId === null ? null : Number(calendarId),
      conditions: isDefault ? {} : conditions,
    };
    for (const target of SLA_TARGETS) {
      const { minutes, business } = targets[target];
      input[`${target}_seconds`] = minutes === '' || minutes <= 0 ? null : minutes * 60;
      input[`${target}_business`] = business;
    }
    save.mutate(
      { id: policy?.id ?? null, input },
      {
        onSuccess: (saved) => {
          toast({ message: t('settings.common.saved', { name: saved.name }) });
          onDone();
        },
      },
    );
  };

  const shownFields = ['name', 'position', 'calendar_id', 'conditions', 'is_default', ...SLA_TARGETS.map((target) => `${target}_seconds`)];
  return (
    <form onSubmit={submit} noValidate data-testid="policy-form">
      <Stack gap="sm">
        <NameInput
          label={t('settings.sla.policyName')}
          value={name}
          onChange={(value) => {
            setName(value);
            setNameMissing(false);
          }}
          missing={nameMissing}
          saveError={save.error}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('settings.sla.position')}
            description={t('settings.sla.positionHelp')}
            value={position}
            onChange={(value) => setPosition(typeof value === 'number' ? value : '')}
            min={0}
            allowDecimal={false}
            error={fieldError(save.error, 'position')}
          />
          <Select
            label={t('settings.sla.calendar')}
            description={t('settings.sla.calendarHelp')}
            data={(calendars.data?.results ?? []).map((calendar) => ({ value: String(calendar.id), label: calendar.name }))}
            value={calendarId}
            onChange={setCalendarId}
            placeholder={t('settings.sla.aroundTheClock')}
            clearable
            comboboxProps={{ withinPortal: true }}
            error={fieldError(save.error, 'calendar_id')}
          />
        </Group>
        <Switch label={t('settings.sla.active')} checked={isActive} onChange={(event) => setIsActive(event.currentTarget.checked)} />
        <Switch
          label={t('settings.sla.isDefault')}
          description={t('settings.sla.isDefaultHelp')}
          checked={isDefault}
          onChange={(event) => setIsDefault(event.currentTarget.checked)}
          error={fieldError(save.error, 'is_default')}
        />

        <Title order={3} size="h5" mt="sm">
          {t('settings.sla.appliesToTitle')}
        </Title>
        <MultiSelect
          label={t('settings.sla.channels')}
          placeholder={kinds.length ? undefined : t('settings.sla.anyChannel')}
          data={CHANNEL_KINDS.map((kind) => ({ value: kind, label: channelName(kind) }))}
          value={isDefault ? [] : kinds}
          onChange={setKinds}
          disabled={isDefault}
          clearable
          comboboxProps={{ withinPortal: true }}
          error={fieldError(save.error, 'conditions')}
        />
        <MultiSelect
          label={t('settings.sla.priorities')}
          placeholder={priorities.length ? undefined : t('settings.sla.anyPriority')}
          data={PRIORITIES.map((priority) => ({ value: String(priority), label: t(`inbox.priority.${priority}`) }))}
          value={isDefault ? [] : priorities}
          onChange={setPriorities}
          disabled={isDefault}
          clearable
          comboboxProps={{ withinPortal: true }}
        />

        <Title order={3} size="h5" mt="sm">
          {t('settings.sla.targetsTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.sla.targetsHelp')}
        </Text>
        {SLA_TARGETS.map((target) => (
          <Group key={target} align="flex-end" wrap="nowrap" gap="md">
            <NumberInput
              label={t('settings.sla.targetMinutes', { target: t(`settings.sla.targets.${target}`) })}
              value={targets[target].minutes}
              onChange={(value) => setTarget(target, { minutes: typeof value === 'number' ? value : '' })}
              min={1}
              allowDecimal={false}
              placeholder={t('settings.sla.noTarget')}
              description={Number(targets[target].minutes) >= 60 ? `= ${formatDuration(Number(targets[target].minutes) * 60)}` : ' '}
              suffix=" min"
              style={{ flex: 1 }}
              error={fieldError(save.error, `${target}_seconds`)}
              data-testid={`target-${target}`}
            />
            <Checkbox
              label={t('settings.sla.businessHours')}
              checked={targets[target].business}
              onChange={(event) => setTarget(target, { business: event.currentTarget.checked })}
              mb={10}
              aria-label={t('settings.sla.businessHoursFor', { target: t(`settings.sla.targets.${target}`) })}
            />
          </Group>
        ))}
        <FormActions
          error={hasUnshownError(save.error, shownFields) ? save.error : null}
          submitLabel={policy ? t('common.save') : t('settings.common.create')}
          pending={save.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
