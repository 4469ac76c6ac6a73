import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';

interface FormActionsProps {
  /** The API's refusal to show above the buttons, in its words; null when the fields show it (or there is none). */
  error: unknown;
  /** The alert's title; "Could not save" unless given. */
  errorTitle?: string;
  submitLabel: string;
  pending: boolean;
  onCancel(): void;
}

/** The foot of a settings form: what the API refused that no field shows, then Cancel and submit. */
export function FormActions({ error, errorTitle, submitLabel, pending, onCancel }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <>
      {error ? (
        <Alert color="red" variant="light" title={errorTitle ?? t('settings.common.saveFailed')}>
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
