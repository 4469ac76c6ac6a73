import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function PageLoader({ fullScreen = false }: { fullScreen?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center h={fullScreen ? '100dvh' : 'calc(100dvh - var(--app-shell-header-height, 0px))'}>
      <Loader size="sm" aria-label={t('common.loading')} />
    </Center>
  );
}
