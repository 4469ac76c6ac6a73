import { Badge, Group, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconMessage2Bolt, IconSearch } from '@tabler/icons-react';
import { type FormEvent, useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useToast } from '@/components/toast';
import { useSignedInSession } from '@/features/auth/api/get-session';

import { useCannedResponses, useDeleteCannedResponse, useSaveCannedResponse } from '../api/canned-responses';
import { useTeams } from '../api/teams';
import { hasRole } from '../sections';
import type { CannedResponse } from '../types';
import { fieldError, hasUnshownError } from '../utils/form';
import { useDeleteConfirmation } from './confirm-delete';
import { EditModal, type Editing } from './edit-dialog';
import { FormActions } from './form-actions';
import { PageQueryState } from './query-state';
import { SettingsHeader } from './settings-layout';
import { NewButton, RowActions, SettingsTable } from './settings-table';
import classes from './settings.module.css';

const VARIABLES = ['{{customer.first_name}}', '{{customer.name}}', '{{agent.first_name}}', '{{agent.name}}', '{{case.id}}'];

function matches(response: CannedResponse, query: string): boolean {
  const needle = query.trim().toLocaleLowerCase().replace(/^\//, '');
  if (!needle) return true;
  return [response.shortcut, response.title, response.body].some((text) => text.toLocaleLowerCase().includes(needle));
}

/** Settings › Canned responses: the saved answers agents type with /shortcut. Supervisors and admins edit. */
export function CannedSettings() {
  const { t } = useTranslation();
  const { role } = useSignedInSession();
  const canEdit = hasRole(role, 'supervisor');
  const responses = useCannedResponses();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [editing, setEditing] = useState<Editing<CannedResponse>>(null);
  const deletion = useDeleteConfirmation<CannedResponse>({
    remove: useDeleteCannedResponse(),
    nameOf: (response) => `/${response.shortcut}`,
    consequence: t('settings.canned.deleteConsequence'),
  });

  return (
    <div className={classes.page} data-testid="canned-settings">
      <SettingsHeader
        title={t('settings.canned.title')}
        description={canEdit ? t('settings.canned.description') : t('settings.canned.readOnly')}
      />
      <div className={classes.toolbar}>
        <TextInput
          leftSection={<IconSearch size={16} />}
          label={t('settings.canned.search')}
          placeholder={t('settings.canned.searchPlaceholder')}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          w={360}
          type="search"
        />
        {canEdit ? (
          <NewButton onClick={() => setEditing('new')} testId="new-canned">
            {t('settings.canned.new')}
          </NewButton>
        ) : null}
      </div>
      <PageQueryState
        query={responses}
        loadFailed={t('settings.canned.loadFailed')}
        empty={{ icon: <IconMessage2Bolt size={28} stroke={1.5} />, title: t('settings.canned.empty'), description: t('settings.canned.emptyHelp') }}
      >
        {(page) => {
          const shown = page.results.filter((response) => matches(response, deferredQuery));
          return (
            <>
              <Text size="sm" c="dimmed" mb="xs" aria-live="polite">
                {t('settings.canned.count', { count: shown.length })}
              </Text>
              <SettingsTable
                testId="canned-responses"
                withActions={canEdit}
                columns={
                  <>
                    <Table.Th>{t('settings.canned.shortcut')}</Table.Th>
                    <Table.Th>{t('settings.canned.titleLabel')}</Table.Th>
                    <Table.Th>{t('settings.canned.body')}</Table.Th>
                    <Table.Th visibleFrom="md">{t('settings.canned.team')}</Table.Th>
                  </>
                }
                footer={
                  shown.length === 0 ? (
                    <Text size="sm" c="dimmed" p="md">
                      {t('settings.canned.noMatch', { query: deferredQuery })}
                    </Text>
                  ) : null
                }
              >
                {shown.map((response) => (
                  <Table.Tr key={response.id} data-testid="canned-row">
                    <Table.Td>
                      <Text className={classes.mono}>/{response.shortcut}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {response.title}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" className={classes.bodyPreview}>
                        {response.body}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="md">
                      {response.team ? (
                        <Badge variant="outline" color="gray" radius="sm" tt="none">
                          {response.team.name}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('settings.canned.everyone')}
                        </Text>
                      )}
                    </Table.Td>
                    {canEdit ? (
                      <Table.Td>
                        <RowActions name={`/${response.shortcut}`} onEdit={() => setEditing(response)} onDelete={() => deletion.ask(response)} />
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </SettingsTable>
            </>
          );
        }}
      </PageQueryState>
      <EditModal
        editing={editing}
        onClose={() => setEditing(null)}
        size="lg"
        title={(response) => (response ? t('settings.common.editNamed', { name: `/${response.shortcut}` }) : t('settings.canned.new'))}
      >
        {(response) => <CannedForm response={response} onDone={() => setEditing(null)} />}
      </EditModal>
      {deletion.dialog}
    </div>
  );
}

function CannedForm({ response, onDone }: { response: CannedResponse | null; onDone(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const teams = useTeams();
  const save = useSaveCannedResponse();
  const [shortcut, setShortcut] = useState(response?.shortcut ?? '');
  const [title, setTitle] = useState(response?.title ?? '');
  const [body, setBody] = useState(response?.body ?? '');
  const [teamId, setTeamId] = useState<string | null>(response?.team ? String(response.team.id) : null);
  const [missing, setMissing] = useState<Set<string>>(new Set());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cleanShortcut = shortcut.trim().replace(/^\//, '');
    const empty = new Set(
      Object.entries({ shortcut: cleanShortcut, title: title.trim(), body: body.trim() })
        .filter(([, value]) => !value)
        .map(([field]) => field),
    );
    setMissing(empty);
    if (empty.size) return;
    save.mutate(
      { id: response?.id ?? null, input: { shortcut: cleanShortcut, title: title.trim(), body, team_id: teamId === null ? null : Number(teamId) } },
      {
        onSuccess: (saved) => {
          toast({ message: t('settings.common.saved', { name: `/${saved.shortcut}` }) });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="canned-form">
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label={t('settings.canned.shortcut')}
            description={t('settings.canned.shortcutHelp')}
            leftSection={<Text c="dimmed">/</Text>}
            value={shortcut}
            onChange={(event) => {
              setShortcut(event.currentTarget.value.replace(/\s+/g, '-'));
              setMissing((current) => new Set([...current].filter((field) => field !== 'shortcut')));
            }}
            required
            maxLength={64}
            error={missing.has('shortcut') ? t('settings.canned.shortcutRequired') : fieldError(save.error, 'shortcut')}
            data-autofocus
          />
          <TextInput
            label={t('settings.canned.titleLabel')}
            description={t('settings.canned.titleHelp')}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            required
            maxLength={120}
            error={missing.has('title') ? t('settings.canned.titleRequired') : fieldError(save.error, 'title')}
          />
        </Group>
        <Textarea
          label={t('settings.canned.body')}
          description={t('settings.canned.bodyHelp', { variables: VARIABLES.join(', ') })}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          required
          autosize
          minRows={5}
          maxRows={14}
          error={missing.has('body') ? t('settings.canned.bodyRequired') : fieldError(save.error, 'body')}
        />
        <Select
          label={t('settings.canned.team')}
          description={t('settings.canned.teamHelp')}
          data={(teams.data?.results ?? []).map((team) => ({ value: String(team.id), label: team.name }))}
          value={teamId}
          onChange={setTeamId}
          placeholder={t('settings.canned.everyone')}
          clearable
          comboboxProps={{ withinPortal: true }}
          error={fieldError(save.error, 'team_id')}
        />
        <FormActions
          error={hasUnshownError(save.error, ['shortcut', 'title', 'body', 'team_id']) ? save.error : null}
          submitLabel={response ? t('common.save') : t('settings.common.create')}
          pending={save.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
