import { ActionIcon, Button, Group, Table, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import classes from './settings.module.css';

interface SettingsTableProps {
  /** The table's test id (e.g. "teams"). */
  testId: string;
  /** The column headers (`Table.Th`s), without the actions column. */
  columns: ReactNode;
  /** Adds the last, narrow column for each row's actions (its header is for screen readers only). */
  withActions?: boolean;
  /** The rows (`Table.Tr`s). */
  children: ReactNode;
  /** Shown below the table, inside its frame (e.g. "nothing matches"). */
  footer?: ReactNode;
}

/** The table every settings list shows its rows in. */
export function SettingsTable({ testId, columns, withActions = true, children, footer }: SettingsTableProps) {
  const { t } = useTranslation();
  return (
    <div className={classes.tableWrap}>
      <Table verticalSpacing="sm" horizontalSpacing="md" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns}
            {withActions ? (
              <Table.Th w={1}>
                <VisuallyHidden>{t('settings.common.actions')}</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
      {footer}
    </div>
  );
}

interface RowActionsProps {
  /** The row's name, as the buttons' labels say it. */
  name: string;
  onEdit(): void;
  onDelete(): void;
  /** The edit button's label; "Edit {name}" unless given. */
  editLabel?: string;
}

/** A row's edit and delete buttons, in the table's last column. */
export function RowActions({ name, onEdit, onDelete, editLabel }: RowActionsProps) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label={editLabel ?? t('settings.common.editNamed', { name })}>
        <IconPencil size={18} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" onClick={onDelete} aria-label={t('settings.common.deleteNamed', { name })}>
        <IconTrash size={18} />
      </ActionIcon>
    </Group>
  );
}

/** The "New …" button that opens a list's form for a new row. */
export function NewButton({ onClick, testId, children }: { onClick(): void; testId: string; children: ReactNode }) {
  return (
    <Button leftSection={<IconPlus size={16} />} onClick={onClick} data-testid={testId}>
      {children}
    </Button>
  );
}
