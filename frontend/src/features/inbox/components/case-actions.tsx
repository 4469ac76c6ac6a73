import { ActionIcon, Button, Group, Menu, Modal, Popover, Select, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCalendarTime, IconClockPause, IconPlayerPlay, IconTag } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useTeams } from '../api/get-teams';
import { useWorkspaceTimeZone } from '../api/get-workspace';
import { useKnownTags } from '../hooks/use-known-tags';
import {
  differsFromLocal,
  fromDateTimeLocal,
  localTimeZone,
  SNOOZE_PRESETS,
  snoozeLabel,
  snoozeUntil,
  toDateTimeLocal,
} from '../utils/snooze';

const MAX_TAG_LENGTH = 64;

interface SnoozeMenuProps {
  opened: boolean;
  onOpenChange(opened: boolean): void;
  snoozed: boolean;
  disabled: boolean;
  onSnooze(until: Date): void;
  onWake(): void;
}

/**
 * Snooze presets (1 hour, later today, tomorrow 9:00, next Monday 9:00 — the last three in the
 * workspace's time zone, labelled in the agent's), a custom moment, and waking a snoozed case.
 */
export function SnoozeMenu({ opened, onOpenChange, snoozed, disabled, onSnooze, onWake }: SnoozeMenuProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const [customOpen, setCustomOpen] = useState(false);
  const timeZone = useWorkspaceTimeZone() ?? localTimeZone();
  const now = new Date();
  return (
    <>
      <Menu opened={opened} onChange={onOpenChange} position="bottom-end" shadow="md" width={280} withinPortal>
        <Tooltip label={`${t('inbox.snooze.label')} (s)`} disabled={opened} withArrow>
          <Menu.Target>
            <ActionIcon
              size="input-xs"
              variant="default"
              disabled={disabled}
              aria-label={t('inbox.snooze.label')}
              data-testid="snooze-button"
            >
              <IconClockPause size={17} stroke={1.7} />
            </ActionIcon>
          </Menu.Target>
        </Tooltip>
        <Menu.Dropdown data-testid="snooze-menu">
          <Menu.Label>{t('inbox.snooze.menu')}</Menu.Label>
          {SNOOZE_PRESETS.map((preset, index) => {
            const until = snoozeUntil(preset, now, timeZone);
            // Not offered now (later today, late in the day), or the same moment as one above
            // (on a Sunday, next Monday is tomorrow).
            const earlier = SNOOZE_PRESETS.slice(0, index).map((other) => snoozeUntil(other, now, timeZone)?.getTime());
            if (until === null || earlier.includes(until.getTime())) return null;
            return (
              <Menu.Item
                key={preset}
                onClick={() => onSnooze(until)}
                data-testid={`snooze-${preset}`}
                rightSection={
                  <Text size="xs" c="dimmed">
                    <time dateTime={until.toISOString()}>{snoozeLabel(until, language, now)}</time>
                  </Text>
                }
              >
                {t(`inbox.snooze.${preset}`)}
              </Menu.Item>
            );
          })}
          {differsFromLocal(timeZone, now) ? (
            <Text size="xs" c="dimmed" px="sm" pb={4} maw={280} data-testid="snooze-zone-hint">
              {t('inbox.snooze.zoneHint', { zone: timeZone.replaceAll('_', ' ') })}
            </Text>
          ) : null}
          <Menu.Divider />
          <Menu.Item leftSection={<IconCalendarTime size={16} />} onClick={() => setCustomOpen(true)}>
            {t('inbox.snooze.custom')}
          </Menu.Item>
          {snoozed ? (
            <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={onWake}>
              {t('inbox.snooze.wakeUp')}
            </Menu.Item>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <CustomSnoozeModal
        opened={customOpen}
        onClose={() => setCustomOpen(false)}
        onSubmit={(until) => {
          setCustomOpen(false);
          onSnooze(until);
        }}
      />
    </>
  );
}

function CustomSnoozeModal({ opened, onClose, onSubmit }: { opened: boolean; onClose(): void; onSubmit(until: Date): void }) {
  const { t } = useTranslation();
  const timeZone = useWorkspaceTimeZone();
  const [value, setValue] = useState(() => toDateTimeLocal(snoozeUntil('tomorrow', new Date(), timeZone)!));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setValue(toDateTimeLocal(snoozeUntil('tomorrow', new Date(), timeZone)!));
      setError(null);
    }
  }, [opened]); // not on `timeZone`: a late answer must not overwrite what the agent typed
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const until = fromDateTimeLocal(value);
    if (!until || until.getTime() <= Date.now()) {
      setError(t('inbox.snooze.mustBeFuture'));
      return;
    }
    onSubmit(until);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('inbox.snooze.customTitle')} size="sm" centered>
      <form onSubmit={submit} noValidate>
        <TextInput
          type="datetime-local"
          label={t('inbox.snooze.until')}
          value={value}
          min={toDateTimeLocal(new Date())}
          onChange={(event) => {
            setValue(event.currentTarget.value);
            setError(null);
          }}
          error={error}
          data-autofocus
          data-testid="snooze-custom-input"
        />
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('inbox.snooze.cancel')}
          </Button>
          <Button type="submit" leftSection={<IconClockPause size={16} />}>
            {t('inbox.snooze.submit')}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

/** Tags as the API stores them: trimmed, lower case, once each. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase().slice(0, MAX_TAG_LENGTH);
    if (clean) seen.add(clean);
  }
  return [...seen];
}

/** What to send to `POST cases/{id}/tags/` to go from `before` to `after`. */
export function tagChanges(before: readonly string[], after: readonly string[]): { add: string[]; remove: string[] } {
  const next = normalizeTags(after);
  return { add: next.filter((tag) => !before.includes(tag)), remove: before.filter((tag) => !next.includes(tag)) };
}

interface TagsEditorProps {
  tags: string[];
  opened: boolean;
  onOpenChange(opened: boolean): void;
  disabled: boolean;
  onChange(changes: { add: string[]; remove: string[] }): void;
}

/** The case's tags behind a button; the popover adds and removes them, suggesting tags in use. */
export function TagsEditor({ tags, opened, onOpenChange, disabled, onChange }: TagsEditorProps) {
  const { t } = useTranslation();
  const knownTags = useKnownTags();
  // What the agent sees changes at once; the server's answer (or a realtime update) catches up.
  const [draft, setDraft] = useState(tags);
  useEffect(() => setDraft(tags), [tags]);
  const summary = tags.length === 0 ? t('inbox.caseView.tags') : `${tags.slice(0, 2).join(', ')}${tags.length > 2 ? ` +${tags.length - 2}` : ''}`;
  return (
    <Popover opened={opened} onChange={onOpenChange} position="bottom-end" width={300} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconTag size={16} />}
          onClick={() => onOpenChange(!opened)}
          disabled={disabled}
          aria-label={`${t('inbox.caseView.editTags')}: ${tags.join(', ') || t('inbox.caseView.noTags')}`}
          data-testid="tags-button"
          maw={150}
        >
          <Text span size="xs" fw={600} truncate="end">
            {summary}
          </Text>
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="tags-editor">
        <TagsInput
          label={t('inbox.caseView.editTags')}
          placeholder={t('inbox.caseView.addTag')}
          data={knownTags}
          value={draft}
          onChange={(next) => {
            const normalized = normalizeTags(next);
            const changes = tagChanges(tags, normalized);
            setDraft(normalized);
            if (changes.add.length > 0 || changes.remove.length > 0) onChange(changes);
          }}
          maxLength={MAX_TAG_LENGTH}
          splitChars={[',']}
          // Enter takes the highlighted tag in use rather than a near-duplicate ("ref" → "refund");
          // a comma adds exactly what was typed.
          selectFirstOptionOnChange
          comboboxProps={{ withinPortal: false }}
          data-autofocus
          data-testid="tags-input"
        />
      </Popover.Dropdown>
    </Popover>
  );
}

interface TeamSelectProps {
  teamId: number | null;
  /** The case's team as the detail names it, shown even before the team list arrives. */
  teamName?: string | undefined;
  disabled: boolean;
  onChange(teamId: number | null): void;
}

export function TeamSelect({ teamId, teamName, disabled, onChange }: TeamSelectProps) {
  const { t } = useTranslation();
  const teams = useTeams();
  const options = [
    { value: 'none', label: t('inbox.caseView.noTeam') },
    ...(teams.data ?? []).map((team) => ({ value: String(team.id), label: team.name })),
  ];
  if (teamId !== null && !options.some((option) => option.value === String(teamId))) {
    options.push({ value: String(teamId), label: teamName ?? `${t('inbox.views.team')} ${teamId}` });
  }
  return (
    <Select
      size="xs"
      w={120}
      aria-label={t('inbox.caseView.team')}
      data={options}
      value={teamId === null ? 'none' : String(teamId)}
      onChange={(value) => value && onChange(value === 'none' ? null : Number(value))}
      allowDeselect={false}
      disabled={disabled}
      data-testid="team-select"
    />
  );
}
