import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = [
  ['j', 'next'],
  ['k', 'previous'],
  ['r', 'reply'],
  ['n', 'note'],
  ['e', 'resolve'],
  ['a', 'assign'],
  ['s', 'snooze'],
  ['t', 'tags'],
  ['/', 'canned'],
  ['Enter', 'send'],
  ['?', 'help'],
] as const;

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('inbox.shortcuts.title')} size="sm" centered>
      <Table verticalSpacing={6} data-testid="shortcuts-help">
        <Table.Tbody>
          {SHORTCUTS.map(([key, action]) => (
            <Table.Tr key={key}>
              <Table.Td w={80}>
                <Kbd>{key}</Kbd>
              </Table.Td>
              <Table.Td>{t(`inbox.shortcuts.${action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
