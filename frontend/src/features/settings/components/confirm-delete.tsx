import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useToast } from '@/components/toast';
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

/** The parts of a delete mutation (`useMutation((id: number) => …)`) the confirmation uses. */
interface DeleteMutation {
  mutate(id: number, options: { onSuccess(): void }): void;
  reset(): void;
  isPending: boolean;
  error: unknown;
}

interface DeleteConfirmationOptions<Row> {
  remove: DeleteMutation;
  /** The row's name in the dialog and in the "deleted" toast. */
  nameOf(row: Row): string;
  consequence: string;
}

/**
 * Deleting a row of a settings list: `ask(row)` opens the confirmation (without the last
 * attempt's error); confirmed, the row is deleted, a toast says so and the dialog closes.
 */
export function useDeleteConfirmation<Row extends { id: number }>({ remove, nameOf, consequence }: DeleteConfirmationOptions<Row>): {
  ask(row: Row): void;
  dialog: ReactNode;
} {
  const { t } = useTranslation();
  const toast = useToast();
  const [deleting, setDeleting] = useState<Row | null>(null);
  const ask = (row: Row) => {
    remove.reset();
    setDeleting(row);
  };
  const dialog = (
    <ConfirmDelete
      name={deleting ? nameOf(deleting) : null}
      consequence={consequence}
      pending={remove.isPending}
      error={remove.error}
      onClose={() => setDeleting(null)}
      onConfirm={() =>
        deleting &&
        remove.mutate(deleting.id, {
          onSuccess: () => {
            toast({ message: t('settings.common.deleted', { name: nameOf(deleting) }) });
            setDeleting(null);
          },
        })
      }
    />
  );
  return { ask, dialog };
}
