import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ChannelIcon } from '@/components/channel-icon';
import { useToast } from '@/components/toast';
import { isChannelKind } from '@/config/channels';
import { ApiError, errorMessage } from '@/lib/api-client';

import { useTeams } from '../api/teams';
import { useUpdateChannelAccount } from '../api/update-channel-account';
import type { ChannelAccount } from '../types';
import {
  credentialChanges,
  credentialFieldsFor,
  emailFieldShown,
  IMAP_SECURITY,
  INBOUND_FORMATS,
  inboundFormatOf,
  SECRET_CREDENTIALS,
  SMTP_SECURITY,
} from '../utils/credentials';
import { currentXAuth, type XAuth, xCredentialChanges, xFieldsFor } from '../utils/x-credentials';
import { CopyField } from './copy-field';
import { XAuthChoice } from './x-auth-choice';
import classes from './settings.module.css';

/** One account: what to paste into the platform, its name and id, on/off, and its credentials. */
export function ChannelAccountDrawer({ account, onClose }: { account: ChannelAccount | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={account !== null}
      onClose={onClose}
      position="right"
      size={520}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      overlayProps={{ backgroundOpacity: 0.2 }}
      title={
        account ? (
          <Group gap="sm" wrap="nowrap">
            <ChannelIcon kind={account.kind} size={22} />
            <Title order={2} size="h4" lineClamp={1}>
              {account.name}
            </Title>
            <Badge variant="light" color={account.is_active ? 'teal' : 'gray'} radius="sm" style={{ flex: 'none' }}>
              {account.is_active ? t('settings.channels.active') : t('settings.channels.inactive')}
            </Badge>
          </Group>
        ) : null
      }
    >
      {/* Keyed by account: switching accounts starts from clean forms. */}
      {account ? <AccountDetails key={account.id} account={account} /> : null}
    </Drawer>
  );
}

function AccountDetails({ account }: { account: ChannelAccount }) {
  const { t } = useTranslation();
  const { setup } = account;
  // Email: the instructions of the provider that posts to the webhook (raw, Mailgun, SendGrid).
  const emailFormat = account.kind === 'email' ? inboundFormatOf(account.credentials) : 'raw';
  return (
    <Stack gap={0} data-testid="channel-account-drawer">
      <section className={classes.section} aria-labelledby="setup-title">
        <Title id="setup-title" order={3} size="h5" mb="sm">
          {t('settings.account.setup')}
        </Title>
        <Stack gap="sm">
          {setup.webhook_url ? (
            <CopyField label={t('settings.account.webhookUrl')} value={setup.webhook_url} testId="webhook-url" />
          ) : (
            <Text size="sm" c="dimmed">
              {t('settings.account.noWebhook')}
            </Text>
          )}
          {setup.verify_token !== undefined ? (
            <CopyField label={t('settings.account.verifyToken')} value={setup.verify_token} testId="verify-token" />
          ) : null}
          {setup.secret_header ? (
            <CopyField label={t('settings.account.secretHeader')} value={setup.secret_header} />
          ) : null}
          {setup.secret !== undefined ? <CopyField label={t('settings.account.secret')} value={setup.secret} secret /> : null}
          {setup.webhook_url_with_secret ? (
            <CopyField
              label={t('settings.account.webhookUrlWithSecret')}
              value={setup.webhook_url_with_secret}
              secret
              testId="webhook-url-with-secret"
            />
          ) : null}
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} title={t('settings.account.instructions')}>
            <Text size="sm">
              {emailFormat !== 'raw'
                ? t(`settings.instructions.email_${emailFormat}`)
                : isChannelKind(account.kind)
                  ? t(`settings.instructions.${account.kind}`)
                  : setup.instructions}
            </Text>
          </Alert>
        </Stack>
      </section>
      <AccountForm account={account} />
      <CredentialsForm account={account} />
    </Stack>
  );
}

function AccountForm({ account }: { account: ChannelAccount }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateChannelAccount(account.id);
  const teams = useTeams();
  const [name, setName] = useState(account.name);
  const [externalId, setExternalId] = useState(account.external_id);
  const dirty = name.trim() !== account.name || externalId.trim() !== account.external_id;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || !name.trim()) return;
    update.mutate(
      { name: name.trim(), external_id: externalId.trim() },
      { onSuccess: () => toast({ message: t('settings.account.saved') }) },
    );
  };

  return (
    <section className={classes.section} aria-labelledby="account-title">
      <Title id="account-title" order={3} size="h5" mb="sm">
        {t('settings.account.details')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Switch
            label={t('settings.account.active')}
            description={t('settings.account.activeHelp')}
            checked={account.is_active}
            disabled={update.isPending}
            onChange={(event) => update.mutate({ is_active: event.currentTarget.checked })}
            data-testid="account-active"
          />
          <Select
            label={t('settings.account.defaultTeam')}
            description={t('settings.account.defaultTeamHelp')}
            placeholder={t('settings.account.noDefaultTeam')}
            data={(teams.data?.results ?? []).map((team) => ({ value: String(team.id), label: team.name }))}
            value={account.default_team_id === null ? null : String(account.default_team_id)}
            onChange={(value) => update.mutate({ default_team_id: value === null ? null : Number(value) })}
            disabled={update.isPending}
            clearable
            comboboxProps={{ withinPortal: true }}
            error={fieldError(update.error, 'default_team_id')}
            data-testid="account-default-team"
          />
          <TextInput
            label={t('settings.account.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldError(update.error, 'name')}
            required
            maxLength={120}
          />
          <TextInput
            label={t('settings.account.externalId')}
            description={t('settings.account.externalIdHelp')}
            value={externalId}
            onChange={(event) => setExternalId(event.currentTarget.value)}
            error={fieldError(update.error, 'external_id')}
            maxLength={255}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          {update.isError ? (
            <Alert color="red" variant="light" title={t('settings.account.saveFailed')}>
              {errorMessage(update.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" variant="default" disabled={!dirty || !name.trim()} loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </section>
  );
}

function CredentialsForm({ account }: { account: ChannelAccount }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateChannelAccount(account.id);
  // X: the admin picks OAuth 2.0 or OAuth 1.0a; the form shows that set's fields.
  const isX = account.kind === 'x';
  const [xAuth, setXAuth] = useState<XAuth>(() => currentXAuth(account.credentials) ?? 'oauth2');
  const [missing, setMissing] = useState<readonly string[]>([]);
  const fields = isX ? xFieldsFor(xAuth) : credentialFieldsFor(account.kind);
  const [values, setValues] = useState<Record<string, string>>({});
  const [empty, setEmpty] = useState(false);
  // Email: the format being chosen (or the saved one) decides whether Mailgun's signing key is asked.
  const emailFormat = inboundFormatOf({ inbound_format: values.inbound_format || account.credentials.inbound_format });
  const setValue = (field: string, value: string) => {
    setEmpty(false);
    setMissing((current) => current.filter((name) => name !== field));
    setValues((current) => ({ ...current, [field]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const x = isX ? xCredentialChanges(values, xAuth, account.credentials) : null;
    if (x && x.missing.length > 0) {
      setMissing(x.missing);
      return;
    }
    const changes = x ? x.changes : credentialChanges(values, account.kind);
    if (Object.keys(changes).length === 0) {
      setEmpty(true);
      return;
    }
    update.mutate(
      { credentials: changes },
      {
        onSuccess: () => {
          setValues({});
          toast({ message: t('settings.account.credentialsSaved') });
        },
      },
    );
  };

  return (
    <section className={classes.section} aria-labelledby="credentials-title">
      <Title id="credentials-title" order={3} size="h5" mb={4}>
        {t('settings.account.credentials')}
      </Title>
      {fields.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('settings.account.noCredentials')}
        </Text>
      ) : (
        <form onSubmit={submit} noValidate data-testid="credentials-form">
          <Text size="sm" c="dimmed" mb="sm">
            {t('settings.account.credentialsHelp')}
          </Text>
          <Stack gap="sm">
            {isX ? (
              <XAuthChoice
                value={xAuth}
                onChange={(auth) => {
                  setXAuth(auth);
                  setMissing([]);
                  setEmpty(false);
                }}
              />
            ) : null}
            {fields.map((field) => {
              const current = account.credentials[field];
              const label = t(`settings.credentialFields.${field}`);
              const description = t('settings.account.current', { value: current || t('settings.account.notSet') });
              const error =
                fieldError(update.error, `credentials.${field}`) ??
                fieldError(update.error, field) ??
                (missing.includes(field) ? t(`settings.xAuth.required.${xAuth}`) : undefined);
              if (account.kind === 'email' && !emailFieldShown(field, emailFormat)) return null;
              if (field === 'inbound_format') {
                return (
                  <Select
                    key={field}
                    label={label}
                    description={t('settings.account.current', {
                      value: t(`settings.inboundFormat.${inboundFormatOf(account.credentials)}`),
                    })}
                    placeholder={t('settings.account.keepSecret')}
                    data={INBOUND_FORMATS.map((value) => ({ value, label: t(`settings.inboundFormat.${value}`) }))}
                    value={values[field] || null}
                    onChange={(value) => setValue(field, value ?? '')}
                    clearable
                    comboboxProps={{ withinPortal: true }}
                    error={error}
                    data-testid="inbound-format"
                  />
                );
              }
              if (SECRET_CREDENTIALS.has(field)) {
                return (
                  <PasswordInput
                    key={field}
                    label={label}
                    description={description}
                    placeholder={t('settings.account.keepSecret')}
                    value={values[field] ?? ''}
                    onChange={(event) => setValue(field, event.currentTarget.value)}
                    autoComplete="new-password"
                    error={error}
                  />
                );
              }
              if (field === 'smtp_security' || field === 'imap_security') {
                const modes = field === 'smtp_security' ? SMTP_SECURITY : IMAP_SECURITY;
                return (
                  <Select
                    key={field}
                    label={label}
                    description={description}
                    placeholder={t('settings.account.keepSecret')}
                    data={modes.map((value) => ({ value, label: t(`settings.smtpSecurity.${value}`) }))}
                    value={values[field] || null}
                    onChange={(value) => setValue(field, value ?? '')}
                    clearable
                    comboboxProps={{ withinPortal: true }}
                    error={error}
                  />
                );
              }
              return (
                <TextInput
                  key={field}
                  label={label}
                  description={description}
                  placeholder={current || (field === 'allowed_origins' ? 'https://www.example.com, https://shop.example.com' : '')}
                  value={values[field] ?? ''}
                  onChange={(event) => setValue(field, event.currentTarget.value)}
                  inputMode={field.endsWith('_port') ? 'numeric' : undefined}
                  autoComplete="off"
                  error={error}
                />
              );
            })}
            {empty ? (
              <Text size="sm" c="red.7" role="alert">
                {t('settings.account.nothingToSave')}
              </Text>
            ) : null}
            {update.isError ? (
              <Alert color="red" variant="light" title={t('settings.account.saveFailed')}>
                {errorMessage(update.error)}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending} data-testid="save-credentials">
                {t('settings.account.saveCredentials')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </section>
  );
}

function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field]?.join(' ') : undefined;
}
