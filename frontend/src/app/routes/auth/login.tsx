import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';

import { AuthLayout } from '@/components/layouts/auth-layout';
import { LanguageSwitcher } from '@/components/language-switcher';
import { safeRedirectTarget } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { LoginForm } from '@/features/auth/components/login-form';

export default function LoginRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const session = useSession();
  const redirectTo = safeRedirectTarget(searchParams.get('redirectTo'));
  useDocumentTitle(`${t('auth.login.title')} · Dialogo`);

  if (session.data) return <Navigate to={redirectTo} replace />;

  return (
    <AuthLayout topRight={<LanguageSwitcher variant="default" />}>
      <Stack gap={6} mb="xl">
        <Title order={1} size="h2" lts={-0.3}>
          {t('auth.login.title')}
        </Title>
        <Text c="dimmed">{t('auth.login.subtitle')}</Text>
      </Stack>
      <LoginForm onSuccess={() => void navigate(redirectTo, { replace: true })} />
    </AuthLayout>
  );
}
