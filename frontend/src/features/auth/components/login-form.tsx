import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, errorMessage } from '@/lib/api-client';

import { useLogin } from '../api/login';
import type { Credentials, Session } from '../types';

type Field = keyof Credentials;
type FieldErrors = Partial<Record<Field, string>>;

const FIELDS: Field[] = ['email', 'password'];
// Deliberately loose: the server decides what an address is; this only catches typos.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function LoginForm({ onSuccess }: { onSuccess: (session: Session) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Credentials>({ email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const inputs = { email: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };
  const loginMutation = useLogin({ onSuccess });

  function validate(candidate: Credentials): FieldErrors {
    const errors: FieldErrors = {};
    const email = candidate.email.trim();
    if (!email) errors.email = t('auth.login.emailRequired');
    else if (!EMAIL_PATTERN.test(email)) errors.email = t('auth.login.emailInvalid');
    if (!candidate.password) errors.password = t('auth.login.passwordRequired');
    return errors;
  }

  function focusFirstInvalid(errors: FieldErrors) {
    const first = FIELDS.find((field) => errors[field]);
    if (first) inputs[first].current?.focus();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loginMutation.isPending) return;
    setFormError(null);
    const errors = validate(values);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstInvalid(errors);
      return;
    }
    loginMutation.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onError: (error) => {
          const serverErrors = fieldErrorsFrom(error);
          setFieldErrors(serverErrors);
          // Field messages explain themselves; anything else goes in the banner.
          const explainedByFields = Object.keys(serverErrors).length > 0 && !hasOtherFieldErrors(error);
          setFormError(explainedByFields ? null : errorMessage(error));
          focusFirstInvalid(serverErrors);
        },
      },
    );
  }

  function update(field: Field, value: string) {
    setValues((previous) => ({ ...previous, [field]: value }));
    if (fieldErrors[field]) setFieldErrors((previous) => ({ ...previous, [field]: undefined }));
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={t('auth.login.title')} data-testid="login-form">
      <Stack gap="md">
        {formError && (
          <Alert
            role="alert"
            color="red"
            variant="light"
            title={t('auth.login.failed')}
            icon={<IconAlertCircle size={18} aria-hidden />}
          >
            {formError}
          </Alert>
        )}
        <TextInput
          ref={inputs.email}
          name="email"
          type="email"
          label={t('auth.login.email')}
          placeholder={t('auth.login.emailPlaceholder')}
          autoComplete="username"
          inputMode="email"
          autoFocus
          size="md"
          value={values.email}
          onChange={(event) => update('email', event.currentTarget.value)}
          error={fieldErrors.email}
        />
        <PasswordInput
          ref={inputs.password}
          name="password"
          label={t('auth.login.password')}
          placeholder={t('auth.login.passwordPlaceholder')}
          autoComplete="current-password"
          size="md"
          value={values.password}
          onChange={(event) => update('password', event.currentTarget.value)}
          error={fieldErrors.password}
        />
        <Button type="submit" size="md" fullWidth loading={loginMutation.isPending} mt="xs">
          {t('auth.login.submit')}
        </Button>
      </Stack>
    </form>
  );
}

function fieldErrorsFrom(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: FieldErrors = {};
  for (const field of FIELDS) {
    const messages = error.fields[field];
    if (messages && messages.length > 0) errors[field] = messages.join(' ');
  }
  return errors;
}

function hasOtherFieldErrors(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return Object.keys(error.fields).some((field) => !FIELDS.includes(field as Field));
}
