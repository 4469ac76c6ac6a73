import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function MainErrorFallback() {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="md" role="alert">
      <Stack align="center" gap="sm" maw={440}>
        <Title order={1} size="h3">
          {t('errors.boundaryTitle')}
        </Title>
        <Text c="dimmed" ta="center">
          {t('errors.boundaryDescription')}
        </Text>
        <Button onClick={() => window.location.reload()}>{t('errors.reload')}</Button>
      </Stack>
    </Center>
  );
}

/** Last line of defence: a render crash shows a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Unhandled render error', error, info.componentStack);
  }

  override render() {
    return this.state.failed ? <MainErrorFallback /> : this.props.children;
  }
}
