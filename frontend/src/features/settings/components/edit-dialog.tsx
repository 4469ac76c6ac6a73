import { Drawer, Modal, Title } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What a list is editing: a row, a new one, or nothing (the dialog is closed). */
export type Editing<Row> = Row | 'new' | null;

interface EditDialogProps<Row extends { id: number }> {
  editing: Editing<Row>;
  onClose(): void;
  /** The dialog's title for the row, or for a new one (null). */
  title(row: Row | null): string;
  /** The form for the row, or for a new one (null); it starts afresh for each row. */
  children(row: Row | null): ReactNode;
}

function openRow<Row extends { id: number }>(editing: Editing<Row>): { key: string | number; row: Row | null } | null {
  if (editing === null) return null;
  return editing === 'new' ? { key: 'new', row: null } : { key: editing.id, row: editing };
}

/** The modal a row of a settings list is created or edited in. */
export function EditModal<Row extends { id: number }>({ editing, onClose, title, children, size }: EditDialogProps<Row> & { size?: string }) {
  const { t } = useTranslation();
  const open = openRow(editing);
  return (
    <Modal
      opened={open !== null}
      onClose={onClose}
      size={size}
      title={open ? title(open.row) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {open ? <Fragment key={open.key}>{children(open.row)}</Fragment> : null}
    </Modal>
  );
}

/** The side drawer a row with a longer form (the SLA screens) is created or edited in. */
export function EditDrawer<Row extends { id: number }>({ editing, onClose, title, children, size }: EditDialogProps<Row> & { size: number }) {
  const { t } = useTranslation();
  const open = openRow(editing);
  return (
    <Drawer
      opened={open !== null}
      onClose={onClose}
      position="right"
      size={size}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      overlayProps={{ backgroundOpacity: 0.2 }}
      title={
        <Title order={2} size="h4">
          {open ? title(open.row) : ''}
        </Title>
      }
    >
      {open ? <Fragment key={open.key}>{children(open.row)}</Fragment> : null}
    </Drawer>
  );
}
