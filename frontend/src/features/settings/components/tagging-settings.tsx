import { Alert, Badge, Checkbox, MultiSelect, Stack, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { IconTags } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useChannelName } from '@/components/channel-icon';
import { useToast } from '@/components/toast';
import { CHANNEL_KINDS, type ChannelKind } from '@/config/channels';
import { errorMessage } from '@/lib/api-client';

import { useDeleteTaggingRule, useSaveTaggingRule, useTaggingRules } from '../api/tagging-rules';
import type { TaggingRule } from '../types';
import { fieldError, hasUnshownError } from '../utils/form';
import { useDeleteConfirmation } from './confirm-delete';
import { EditModal, type Editing } from './edit-dialog';
import { FormActions } from './form-actions';
import { PageQueryState } from './query-state';
import { SettingsHeader } from './settings-layout';
import { NewButton, RowActions, SettingsTable } from './settings-table';
import classes from './settings.module.css';

/** Languages customers write in most often; any other two-letter code can be typed. */
const COMMON_LANGUAGES = ['en', 'es', 'pl', 'pt', 'fr', 'de', 'it', 'ca', 'nl'];

function useLanguageName() {
  const { i18n } = useTranslation();
  const names = new Intl.DisplayNames([i18n.resolvedLanguage ?? 'en'], { type: 'language' });
  return (code: string) => {
    try {
      return names.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

/** Settings › Tagging rules: loyalty tags added to customers (and cases) from what they write. */
export function TaggingSettings() {
  const { t } = useTranslation();
  const channelName = useChannelName();
  const languageName = useLanguageName();
  const rules = useTaggingRules();
  const save = useSaveTaggingRule();
  const [editing, setEditing] = useState<Editing<TaggingRule>>(null);
  const deletion = useDeleteConfirmation<TaggingRule>({
    remove: useDeleteTaggingRule(),
    nameOf: (rule) => rule.name,
    consequence: t('settings.tagging.deleteConsequence'),
  });

  const conditions = (rule: TaggingRule): string[] => [
    ...(rule.keywords.length ? [t('settings.tagging.saysAny', { words: rule.keywords.map((word) => t('settings.tagging.quoted', { word })).join(', ') })] : []),
    ...(rule.channel_kinds.length ? [t('settings.tagging.onChannels', { channels: rule.channel_kinds.map(channelName).join(', ') })] : []),
    ...(rule.languages.length ? [t('settings.tagging.inLanguages', { languages: rule.languages.map(languageName).join(', ') })] : []),
  ];

  return (
    <div className={classes.page} data-testid="tagging-settings">
      <SettingsHeader
        title={t('settings.tagging.title')}
        description={t('settings.tagging.description')}
        actions={
          <NewButton onClick={() => setEditing('new')} testId="new-rule">
            {t('settings.tagging.new')}
          </NewButton>
        }
      />
      {save.isError && editing === null ? (
        <Alert color="red" variant="light" title={t('settings.common.saveFailed')} mb="sm">
          {errorMessage(save.error)}
        </Alert>
      ) : null}
      <PageQueryState
        query={rules}
        loadFailed={t('settings.tagging.loadFailed')}
        empty={{ icon: <IconTags size={28} stroke={1.5} />, title: t('settings.tagging.empty'), description: t('settings.tagging.emptyHelp') }}
      >
        {(page) => (
          <SettingsTable
            testId="tagging-rules"
            columns={
              <>
                <Table.Th>{t('settings.tagging.rule')}</Table.Th>
                <Table.Th>{t('settings.tagging.when')}</Table.Th>
                <Table.Th>{t('settings.tagging.adds')}</Table.Th>
                <Table.Th>{t('settings.tagging.active')}</Table.Th>
              </>
            }
          >
            {page.results.map((rule) => (
              <Table.Tr key={rule.id} data-testid="rule-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {rule.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {conditions(rule).map((line) => (
                    <Text key={line} size="sm">
                      {line}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td miw={150}>
                  <div className={classes.chips}>
                    {rule.tags.map((tag) => (
                      <Badge key={tag} variant="light" color="grape" radius="sm" tt="none">
                        {tag}
                      </Badge>
                    ))}
                  </div>
                  <Text size="xs" c="dimmed" mt={4}>
                    {rule.tag_case ? t('settings.tagging.toCustomerAndCase') : t('settings.tagging.toCustomer')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Switch
                    checked={rule.is_active}
                    onChange={(event) => save.mutate({ id: rule.id, input: { is_active: event.currentTarget.checked } })}
                    aria-label={t('settings.tagging.activeNamed', { name: rule.name })}
                  />
                </Table.Td>
                <Table.Td>
                  <RowActions
                    name={rule.name}
                    onEdit={() => {
                      save.reset();
                      setEditing(rule);
                    }}
                    onDelete={() => deletion.ask(rule)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </SettingsTable>
        )}
      </PageQueryState>
      <EditModal
        editing={editing}
        onClose={() => setEditing(null)}
        size="lg"
        title={(rule) => (rule ? t('settings.common.editNamed', { name: rule.name }) : t('settings.tagging.new'))}
      >
        {(rule) => <RuleForm rule={rule} onDone={() => setEditing(null)} />}
      </EditModal>
      {deletion.dialog}
    </div>
  );
}

function RuleForm({ rule, onDone }: { rule: TaggingRule | null; onDone(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const channelName = useChannelName();
  const languageName = useLanguageName();
  const save = useSaveTaggingRule();
  const [name, setName] = useState(rule?.name ?? '');
  const [isActive, setIsActive] = useState(rule?.is_active ?? true);
  const [keywords, setKeywords] = useState<string[]>(rule?.keywords ?? []);
  const [kinds, setKinds] = useState<string[]>(rule?.channel_kinds ?? []);
  const [languages, setLanguages] = useState<string[]>(rule?.languages ?? []);
  const [tags, setTags] = useState<string[]>(rule?.tags ?? []);
  const [tagCase, setTagCase] = useState(rule?.tag_case ?? false);
  const [problems, setProblems] = useState<{ name?: string; tags?: string; keywords?: string }>({});
  const languageOptions = [...new Set([...COMMON_LANGUAGES, ...languages])].map((code) => ({ value: code, label: `${languageName(code)} (${code})` }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      ...(name.trim() ? {} : { name: t('settings.common.nameRequired') }),
      ...(tags.length ? {} : { tags: t('settings.tagging.tagsRequired') }),
      ...(keywords.length || kinds.length || languages.length ? {} : { keywords: t('settings.tagging.conditionRequired') }),
    };
    setProblems(found);
    if (Object.keys(found).length) return;
    save.mutate(
      {
        id: rule?.id ?? null,
        input: { name: name.trim(), is_active: isActive, keywords, channel_kinds: kinds as ChannelKind[], languages, tags, tag_case: tagCase },
      },
      {
        onSuccess: (saved) => {
          toast({ message: t('settings.common.saved', { name: saved.name }) });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="rule-form">
      <Stack gap="sm">
        <TextInput
          label={t('settings.tagging.name')}
          placeholder={t('settings.tagging.namePlaceholder')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          required
          maxLength={120}
          error={problems.name ?? fieldError(save.error, 'name')}
          data-autofocus
        />
        <Switch label={t('settings.tagging.activeLabel')} checked={isActive} onChange={(event) => setIsActive(event.currentTarget.checked)} />
        <Text size="sm" fw={600} mt="xs">
          {t('settings.tagging.whenTitle')}
        </Text>
        <TagsInput
          label={t('settings.tagging.keywords')}
          description={t('settings.tagging.keywordsHelp')}
          placeholder={t('settings.tagging.keywordsPlaceholder')}
          value={keywords}
          onChange={setKeywords}
          splitChars={[',']}
          clearable
          error={problems.keywords ?? fieldError(save.error, 'keywords')}
        />
        <MultiSelect
          label={t('settings.tagging.channels')}
          placeholder={kinds.length ? undefined : t('settings.tagging.anyChannel')}
          data={CHANNEL_KINDS.map((kind) => ({ value: kind, label: channelName(kind) }))}
          value={kinds}
          onChange={setKinds}
          clearable
          comboboxProps={{ withinPortal: true }}
          error={fieldError(save.error, 'channel_kinds')}
        />
        <MultiSelect
          label={t('settings.tagging.languages')}
          description={t('settings.tagging.languagesHelp')}
          placeholder={languages.length ? undefined : t('settings.tagging.anyLanguage')}
          data={languageOptions}
          value={languages}
          onChange={setLanguages}
          clearable
          searchable
          comboboxProps={{ withinPortal: true }}
          error={fieldError(save.error, 'languages')}
        />
        <Text size="sm" fw={600} mt="xs">
          {t('settings.tagging.thenTitle')}
        </Text>
        <TagsInput
          label={t('settings.tagging.tags')}
          description={t('settings.tagging.tagsHelp')}
          placeholder={t('settings.tagging.tagsPlaceholder')}
          value={tags}
          onChange={(values) => setTags(values.map((tag) => tag.trim().toLowerCase()).filter(Boolean))}
          splitChars={[',', ' ']}
          maxTags={20}
          clearable
          required
          error={problems.tags ?? fieldError(save.error, 'tags')}
        />
        <Checkbox
          label={t('settings.tagging.tagCase')}
          description={t('settings.tagging.tagCaseHelp')}
          checked={tagCase}
          onChange={(event) => setTagCase(event.currentTarget.checked)}
        />
        <FormActions
          error={hasUnshownError(save.error, ['name', 'keywords', 'channel_kinds', 'languages', 'tags']) ? save.error : null}
          submitLabel={rule ? t('common.save') : t('settings.common.create')}
          pending={save.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
