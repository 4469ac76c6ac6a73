import { Input, SegmentedControl, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { X_AUTHS, type XAuth } from '../utils/x-credentials';

/** X: which user-context credentials Dialogo sends with — an OAuth 2.0 token or OAuth 1.0a keys. */
export function XAuthChoice({ value, onChange }: { value: XAuth; onChange(auth: XAuth): void }) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <Input.Wrapper
      labelElement="div"
      label={<span id={labelId}>{t('settings.xAuth.label')}</span>}
      data-testid="x-auth"
    >
      <SegmentedControl
        fullWidth
        mt={4}
        aria-labelledby={labelId}
        value={value}
        onChange={(auth) => onChange(auth as XAuth)}
        data={X_AUTHS.map((auth) => ({ value: auth, label: t(`settings.xAuth.${auth}`) }))}
      />
      <Text size="xs" c="dimmed" mt={6}>
        {t(`settings.xAuth.help.${value}`)}
      </Text>
    </Input.Wrapper>
  );
}
