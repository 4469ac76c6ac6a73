import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';

interface ConfirmDeleteProps {
  /** What is deleted, by name; null: closed. */
  name: string | null;
  /** Why it is safe or what it takes with it. */
  consequence: string;
  pending: boolean;
  error: unknown;
  onConfirm(): void;
  onClose(): void;
}

/** "Delete X?" with what it means; the API's refusal (e.g. still in use) is shown in its words. */
export function ConfirmDelete({ name, consequence, pending, error, onConfirm, onClose }: ConfirmDeleteProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={name !== null}
      onClose={onClose}
      title={t('settings.common.deleteTitle', { name: name ?? '' })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Text size="sm" mb="md">
        {consequence}
      </Text>
      {error ? (
        <Alert color="red" variant="light" title={t('settings.common.deleteFailed')} mb="md">
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={pending} onClick={onConfirm}>
          {t('settings.common.delete')}
        </Button>
      </Group>
    </Modal>
  );
}
