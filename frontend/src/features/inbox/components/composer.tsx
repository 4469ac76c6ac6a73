import { Alert, Button, Group, Paper, SegmentedControl, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconLock, IconSend } from '@tabler/icons-react';
import { type Ref, useId, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';

import { useCannedResponses } from '../api/get-canned-responses';
import { renderCannedResponse } from '../api/render-canned-response';
import { type ComposerMode, useSendMessage } from '../api/send-message';
import type { CannedResponse } from '../types';
import classes from './case-view.module.css';

export interface ComposerHandle {
  focus(mode: ComposerMode): void;
}

/** `/word` typed at the end of the text: the canned-response search. */
const SLASH = /(^|\s)\/([^\s/]*)$/;

interface ComposerProps {
  caseId: number;
  onTyping?: (isTyping: boolean) => void;
  ref?: Ref<ComposerHandle>;
}

export function Composer({ caseId, onTyping, ref }: ComposerProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText] = useState('');
  const [cannedId, setCannedId] = useState<number | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [menuDismissed, setMenuDismissed] = useState(false);
  const [cannedError, setCannedError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const send = useSendMessage();
  const listId = useId();

  useImperativeHandle(ref, () => ({
    focus(next) {
      setMode(next);
      textarea.current?.focus();
    },
  }));

  const slash = mode === 'reply' && !menuDismissed ? SLASH.exec(text) : null;
  const canned = useCannedResponses(slash !== null);
  const query = slash?.[2]?.toLowerCase() ?? '';
  const options: CannedResponse[] = slash
    ? (canned.data ?? []).filter(
        (option) => option.shortcut.toLowerCase().includes(query) || option.title.toLowerCase().includes(query),
      )
    : [];
  const menuOpen = slash !== null;
  const active = Math.min(highlighted, Math.max(options.length - 1, 0));

  async function insertCanned(option: CannedResponse) {
    setCannedError(null);
    try {
      const rendered = await renderCannedResponse(option.id, caseId);
      setText((current) => current.replace(SLASH, (_match, lead: string) => `${lead}${rendered}`));
      setCannedId(option.id);
      setHighlighted(0);
      textarea.current?.focus();
    } catch (error) {
      setCannedError(`${t('inbox.composer.cannedFailed')}: ${errorMessage(error)}`);
    }
  }

  function submit() {
    const body = text.trim();
    if (!body || send.isPending) return;
    const draft = text;
    const draftCannedId = cannedId;
    // The message leaves the box at once: realtime often shows it in the timeline before the
    // POST answers. If sending fails it comes back, unless something new was typed meanwhile.
    setText('');
    setCannedId(null);
    onTyping?.(false);
    send.mutate(
      { caseId, mode, text: body, cannedResponseId: mode === 'reply' ? draftCannedId : null },
      {
        onError: () => {
          setText((current) => (current === '' ? draft : current));
          setCannedId((current) => current ?? draftCannedId);
        },
      },
    );
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (menuOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setHighlighted((active + step + options.length) % Math.max(options.length, 1));
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMenuDismissed(true);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && options[active]) {
        event.preventDefault();
        void insertCanned(options[active]);
        return;
      }
    }
    if (event.key === 'Escape') {
      textarea.current?.blur();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  const isNote = mode === 'note';
  return (
    <div className={classes.composer} data-mode={mode} data-testid="composer">
      {menuOpen ? (
        <Paper shadow="md" withBorder radius="md" className={classes.cannedMenu}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
            {t('inbox.composer.canned')}
          </Text>
          <div role="listbox" id={listId} aria-label={t('inbox.composer.canned')} data-testid="canned-menu">
            {options.length === 0 ? (
              <Text size="sm" c="dimmed" px="sm" pb="xs">
                {t('inbox.composer.noCanned')}
              </Text>
            ) : (
              options.map((option, index) => (
                <UnstyledButton
                  key={option.id}
                  id={`${listId}-${option.id}`}
                  role="option"
                  aria-selected={index === active}
                  className={classes.cannedOption}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => void insertCanned(option)}
                  onMouseEnter={() => setHighlighted(index)}
                >
                  <Text size="sm" fw={600} span>
                    /{option.shortcut}
                  </Text>{' '}
                  <Text size="sm" c="dimmed" span>
                    {option.title}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {option.body}
                  </Text>
                </UnstyledButton>
              ))
            )}
          </div>
        </Paper>
      ) : null}
      <Group justify="space-between" mb={6} gap="xs">
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(value) => setMode(value as ComposerMode)}
          aria-label={t('inbox.composer.mode')}
          color={isNote ? 'yellow' : 'blue'}
          data={[
            { value: 'reply', label: t('inbox.composer.reply') },
            { value: 'note', label: t('inbox.composer.note') },
          ]}
        />
        <Text size="xs" c="dimmed" visibleFrom="md">
          {t('inbox.composer.hint')}
        </Text>
      </Group>
      {send.isError ? (
        <Alert color="red" variant="light" p="xs" mb={6} title={t('inbox.composer.sendFailed')}>
          {errorMessage(send.error)}
        </Alert>
      ) : null}
      {cannedError ? (
        <Alert color="red" variant="light" p="xs" mb={6} withCloseButton onClose={() => setCannedError(null)}>
          {cannedError}
        </Alert>
      ) : null}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          ref={textarea}
          className={classes.composerInput}
          aria-label={isNote ? t('inbox.composer.noteLabel') : t('inbox.composer.replyLabel')}
          placeholder={isNote ? t('inbox.composer.notePlaceholder') : t('inbox.composer.replyPlaceholder')}
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          data-testid="composer-input"
          aria-controls={menuOpen ? listId : undefined}
          aria-activedescendant={menuOpen && options[active] ? `${listId}-${options[active].id}` : undefined}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setText(next);
            setMenuDismissed(false);
            setHighlighted(0);
            if (!next) setCannedId(null);
            onTyping?.(next.length > 0);
          }}
          onBlur={() => onTyping?.(false)}
          onKeyDown={onKeyDown}
        />
        <Button
          onClick={submit}
          loading={send.isPending}
          disabled={!text.trim()}
          color={isNote ? 'yellow' : 'blue'}
          leftSection={isNote ? <IconLock size={16} /> : <IconSend size={16} />}
          data-testid="composer-send"
        >
          {isNote ? t('inbox.composer.addNote') : t('inbox.composer.send')}
        </Button>
      </Group>
    </div>
  );
}
