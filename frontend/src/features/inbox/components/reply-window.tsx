import { Alert, Button, Group, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconClockExclamation, IconLockAccess, IconTemplate } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';
import { useNow } from '@/lib/use-now';

import { useSendMessage } from '../api/send-message';
import type { ReplyWindow } from '../types';
import { relativeTime } from '../utils/format';

/** Under two hours left of a window: worth the agent's attention. */
const CLOSING_SOON_MS = 2 * 3600 * 1000;

interface ReplyWindowNoticeProps {
  window: ReplyWindow | undefined;
}

/** What the channel allows before the agent writes: the 24-hour window, Meta's HUMAN_AGENT
 * extension, a closed window, or WhatsApp's template-only state. Nothing for channels without one. */
export function ReplyWindowNotice({ window }: ReplyWindowNoticeProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (!window || window.policy === 'unrestricted') return null;
  const language = i18n.resolvedLanguage ?? 'en';
  const when = window.closes_at ? relativeTime(window.closes_at, language, now) : '';
  if (window.policy === 'open') {
    const soon = window.closes_at !== null && Date.parse(window.closes_at) - now < CLOSING_SOON_MS;
    return (
      <Text size="xs" c={soon ? 'orange.8' : 'dimmed'} mb={4} data-testid="reply-window" data-policy="open">
        <IconClockExclamation size={12} style={{ verticalAlign: -1 }} /> {t('inbox.replyWindow.open', { when })}
      </Text>
    );
  }
  if (window.policy === 'human_agent') {
    return (
      <Alert color="blue" variant="light" p="xs" mb={6} data-testid="reply-window" data-policy="human_agent">
        {t('inbox.replyWindow.humanAgent', { when })}
      </Alert>
    );
  }
  if (window.policy === 'closed') {
    return (
      <Alert color="red" variant="light" p="xs" mb={6} icon={<IconLockAccess size={16} />} data-testid="reply-window" data-policy="closed">
        {t('inbox.replyWindow.closed')}
      </Alert>
    );
  }
  return (
    <Alert color="orange" variant="light" p="xs" mb={6} data-testid="reply-window" data-policy="template_only">
      {t('inbox.replyWindow.templateOnly')}
    </Alert>
  );
}

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;

interface TemplateFormProps {
  caseId: number;
  defaultLanguage: string;
}

/** WhatsApp outside its 24 hours: send an approved template (name, language, {{1}}… values). */
export function WhatsAppTemplateForm({ caseId, defaultLanguage }: TemplateFormProps) {
  const { t } = useTranslation();
  const send = useSendMessage();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState(defaultLanguage);
  const [parameters, setParameters] = useState<string[]>([]);
  const nameError = name && !TEMPLATE_NAME.test(name) ? t('inbox.template.nameInvalid') : null;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!name || nameError || !language || send.isPending) return;
    send.mutate(
      {
        caseId,
        mode: 'reply',
        text: t('inbox.template.timeline', { name, parameters: parameters.join(' · ') }),
        template: { name, language, parameters },
      },
      {
        onSuccess: () => {
          setName('');
          setParameters([]);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} data-testid="template-form" aria-label={t('inbox.template.title')}>
      <Stack gap={6}>
        {send.isError ? (
          <Alert color="red" variant="light" p="xs" title={t('inbox.composer.sendFailed')}>
            {errorMessage(send.error)}
          </Alert>
        ) : null}
        <Group gap="xs" align="flex-start" grow>
          <TextInput
            size="xs"
            label={t('inbox.template.name')}
            placeholder="order_update"
            value={name}
            error={nameError}
            onChange={(event) => setName(event.currentTarget.value.trim())}
            required
          />
          <TextInput
            size="xs"
            label={t('inbox.template.language')}
            placeholder="es, en_US, pl"
            value={language}
            onChange={(event) => setLanguage(event.currentTarget.value.trim())}
            required
            maw={120}
          />
        </Group>
        <TagsInput
          size="xs"
          label={t('inbox.template.parameters')}
          description={t('inbox.template.parametersHelp')}
          value={parameters}
          onChange={setParameters}
          maxTags={20}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            size="xs"
            leftSection={<IconTemplate size={14} />}
            loading={send.isPending}
            disabled={!name || Boolean(nameError) || !language}
            data-testid="template-send"
          >
            {t('inbox.template.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
