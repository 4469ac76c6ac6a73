import { Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ChannelIcon, useChannelName } from '@/components/channel-icon';
import { useToast } from '@/components/toast';
import { CHANNEL_KINDS, type ChannelKind } from '@/config/channels';
import { ApiError } from '@/lib/api-client';

import { useCreateChannelAccount } from '../api/create-channel-account';
import type { ChannelAccount } from '../types';
import { FormActions } from './form-actions';

interface CreateChannelAccountModalProps {
  opened: boolean;
  onClose(): void;
  /** The new account: the list opens it so the admin sees its webhook URL and sets its credentials. */
  onCreated(account: ChannelAccount): void;
}

export function CreateChannelAccountModal({ opened, onClose, onCreated }: CreateChannelAccountModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('settings.create.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened ? <CreateForm onCancel={onClose} onCreated={onCreated} /> : null}
    </Modal>
  );
}

function CreateForm({ onCancel, onCreated }: { onCancel(): void; onCreated(account: ChannelAccount): void }) {
  const { t } = useTranslation();
  const channelName = useChannelName();
  const toast = useToast();
  const create = useCreateChannelAccount();
  const [kind, setKind] = useState<ChannelKind>('messenger');
  const [name, setName] = useState('');
  const [externalId, setExternalId] = useState('');
  const [nameMissing, setNameMissing] = useState(false);
  const fields = create.error instanceof ApiError ? create.error.fields : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameMissing(true);
      return;
    }
    create.mutate(
      { kind, name: name.trim(), external_id: externalId.trim() },
      {
        onSuccess: (account) => {
          toast({ message: t('settings.create.created', { name: account.name }) });
          onCreated(account);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="create-channel-form">
      <Stack gap="sm">
        <Select
          label={t('settings.create.kind')}
          data={CHANNEL_KINDS.map((value) => ({ value, label: channelName(value) }))}
          value={kind}
          onChange={(value) => value && setKind(value as ChannelKind)}
          allowDeselect={false}
          leftSection={<ChannelIcon kind={kind} size={16} />}
          renderOption={({ option }) => (
            <Group gap={8} wrap="nowrap">
              <ChannelIcon kind={option.value} size={16} />
              {option.label}
            </Group>
          )}
          comboboxProps={{ withinPortal: true }}
          error={fields.kind?.join(' ')}
        />
        <TextInput
          label={t('settings.create.name')}
          placeholder={t('settings.create.namePlaceholder')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setNameMissing(false);
          }}
          required
          maxLength={120}
          error={nameMissing ? t('settings.create.nameRequired') : fields.name?.join(' ')}
          data-autofocus
        />
        <TextInput
          label={t('settings.create.externalId')}
          description={t('settings.account.externalIdHelp')}
          value={externalId}
          onChange={(event) => setExternalId(event.currentTarget.value)}
          maxLength={255}
          error={fields.external_id?.join(' ')}
        />
        <FormActions
          error={create.isError && Object.keys(fields).length === 0 ? create.error : null}
          errorTitle={t('settings.create.failed')}
          submitLabel={t('settings.create.submit')}
          pending={create.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
