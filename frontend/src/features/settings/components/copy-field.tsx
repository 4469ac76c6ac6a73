import { ActionIcon, CopyButton, Group, PasswordInput, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

/** A value to paste into a platform's dashboard: read-only, with a copy button (a secret stays hidden until shown). */
export function CopyField({ label, value, secret = false, testId }: { label: string; value: string; secret?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const withCopy = (input: ReactNode) => (
    <Group gap={6} wrap="nowrap">
      <div style={{ flex: 1, minWidth: 0 }}>{input}</div>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow position="left">
            <ActionIcon
              variant="default"
              size={36}
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={t('settings.account.copyLabel', { label })}
            >
              {copied ? <IconCheck size={16} color="var(--mantine-color-teal-7)" /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
  const common = {
    label,
    value,
    readOnly: true,
    styles: MONO,
    inputContainer: withCopy,
    'data-testid': testId,
  };
  return secret ? (
    <PasswordInput {...common} />
  ) : (
    <TextInput {...common} onFocus={(event) => event.currentTarget.select()} />
  );
}
