import { ActionIcon, Alert, Button, CloseButton, Group, Loader, Paper, SegmentedControl, Text, Textarea, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconPaperclip, IconSend } from '@tabler/icons-react';
import { type Ref, useId, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';

import { useCannedResponses } from '../api/get-canned-responses';
import { renderCannedResponse } from '../api/render-canned-response';
import { type ComposerMode, useSendMessage } from '../api/send-message';
import { useReplyUploads } from '../hooks/use-reply-uploads';
import type { CannedResponse, ReplyWindow } from '../types';
import { formatBytes } from '../utils/attachments';
import classes from './case-view.module.css';
import { EmojiPicker } from './emoji-picker';
import { ReplyWindowNotice, WhatsAppTemplateForm } from './reply-window';

export interface ComposerHandle {
  focus(mode: ComposerMode): void;
}

/** `/word` typed at the end of the text: the canned-response search. */
const SLASH = /(^|\s)\/([^\s/]*)$/;

interface ComposerProps {
  caseId: number;
  /** What the channel lets an agent send now (the case screen's `reply_window`). */
  replyWindow?: ReplyWindow | undefined;
  /** For WhatsApp templates: the customer's language, as a default. */
  customerLanguage?: string | undefined;
  /** The agent is (no longer) writing, and what: the customer may see a reply being typed, never a note. */
  onTyping?: (isTyping: boolean, mode: ComposerMode) => void;
  ref?: Ref<ComposerHandle>;
}

export function Composer({ caseId, replyWindow, customerLanguage, onTyping, ref }: ComposerProps) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText] = useState('');
  const [cannedId, setCannedId] = useState<number | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [menuDismissed, setMenuDismissed] = useState(false);
  const [cannedError, setCannedError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const send = useSendMessage();
  const uploads = useReplyUploads(caseId);
  const fileInput = useRef<HTMLInputElement>(null);
  const listId = useId();

  useImperativeHandle(ref, () => ({
    focus(next) {
      changeMode(next);
      textarea.current?.focus();
    },
  }));

  function changeMode(next: ComposerMode) {
    setMode(next);
    // Said at once, not at the next key: a note must not go on showing as "typing" to the customer.
    if (next !== mode && text.length > 0) onTyping?.(true, next);
  }

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

  const replyBlocked = mode === 'reply' && (replyWindow?.policy === 'closed' || replyWindow?.policy === 'template_only');
  const canSend =
    (text.trim().length > 0 || uploads.readyIds.length > 0) && !uploads.uploading && !replyBlocked && !send.isPending;

  function submit() {
    const body = text.trim();
    if (!canSend) return;
    const draft = text;
    const draftCannedId = cannedId;
    const draftFiles = uploads.files;
    // The message leaves the box at once: realtime often shows it in the timeline before the
    // POST answers. If sending fails it comes back, unless something new was typed meanwhile.
    setText('');
    setCannedId(null);
    uploads.clear();
    onTyping?.(false, mode);
    send.mutate(
      {
        caseId,
        mode,
        text: body,
        cannedResponseId: mode === 'reply' ? draftCannedId : null,
        uploadIds: draftFiles.flatMap((item) => (item.status === 'ready' && item.upload ? [item.upload.id] : [])),
      },
      {
        onError: () => {
          setText((current) => (current === '' ? draft : current));
          setCannedId((current) => current ?? draftCannedId);
          uploads.restore(draftFiles);
        },
      },
    );
  }

  function insertAtCursor(snippet: string) {
    const input = textarea.current;
    const start = input?.selectionStart ?? text.length;
    const end = input?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + snippet + text.slice(end));
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  }

  function onPaste(event: React.ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = Array.from(event.clipboardData.files);
    if (pasted.length) {
      event.preventDefault();
      uploads.add(pasted);
    }
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
  if (mode === 'reply' && replyWindow?.policy === 'template_only') {
    return (
      <div className={classes.composer} data-mode={mode} data-testid="composer">
        <ModeSwitch mode={mode} onChange={changeMode} />
        <ReplyWindowNotice window={replyWindow} />
        <WhatsAppTemplateForm caseId={caseId} defaultLanguage={customerLanguage || i18n.resolvedLanguage || 'en'} />
      </div>
    );
  }
  return (
    <div
      className={classes.composer}
      data-mode={mode}
      data-testid="composer"
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        if (!event.dataTransfer.files.length) return;
        event.preventDefault();
        uploads.add(event.dataTransfer.files);
      }}
    >
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
        <ModeSwitch mode={mode} onChange={changeMode} />
        <Text size="xs" c="dimmed" visibleFrom="md">
          {t('inbox.composer.hint')}
        </Text>
      </Group>
      {mode === 'reply' ? <ReplyWindowNotice window={replyWindow} /> : null}
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
            onTyping?.(next.length > 0, mode);
          }}
          onBlur={() => onTyping?.(false, mode)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <Group gap={2} wrap="nowrap">
          <EmojiPicker onPick={insertAtCursor} />
          <Tooltip label={uploads.full ? t('inbox.composer.tooManyFiles') : t('inbox.composer.attach')} withArrow>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('inbox.composer.attach')}
              disabled={uploads.full}
              onClick={() => fileInput.current?.click()}
              data-testid="composer-attach"
            >
              <IconPaperclip size={18} />
            </ActionIcon>
          </Tooltip>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            data-testid="composer-file-input"
            onChange={(event) => {
              if (event.currentTarget.files) uploads.add(event.currentTarget.files);
              event.currentTarget.value = '';
            }}
          />
        </Group>
        <Button
          onClick={submit}
          loading={send.isPending}
          disabled={!canSend}
          color={isNote ? 'yellow' : 'blue'}
          leftSection={isNote ? <IconLock size={16} /> : <IconSend size={16} />}
          data-testid="composer-send"
        >
          {isNote ? t('inbox.composer.addNote') : t('inbox.composer.send')}
        </Button>
      </Group>
      {uploads.files.length ? (
        <Group gap={6} mt={6} data-testid="composer-files" aria-label={t('inbox.composer.files')}>
          {uploads.files.map((item) => (
            <Paper key={item.key} withBorder radius="sm" px={6} py={2} className={classes.fileChip} data-status={item.status}>
              <Group gap={4} wrap="nowrap">
                {item.status === 'uploading' ? <Loader size={12} /> : null}
                {item.status === 'failed' ? <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" /> : null}
                <Text size="xs" lineClamp={1} maw={180} title={item.error ?? item.name}>
                  {item.name}
                </Text>
                <Text size="xs" c={item.status === 'failed' ? 'red.7' : 'dimmed'}>
                  {item.status === 'failed' ? item.error : formatBytes(item.size, i18n.resolvedLanguage ?? 'en')}
                </Text>
                <CloseButton size="xs" aria-label={t('inbox.composer.removeFile', { name: item.name })} onClick={() => uploads.remove(item.key)} />
              </Group>
            </Paper>
          ))}
        </Group>
      ) : null}
    </div>
  );
}

function ModeSwitch({ mode, onChange }: { mode: ComposerMode; onChange: (mode: ComposerMode) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      value={mode}
      onChange={(value) => onChange(value as ComposerMode)}
      aria-label={t('inbox.composer.mode')}
      color={mode === 'note' ? 'yellow' : 'blue'}
      data={[
        { value: 'reply', label: t('inbox.composer.reply') },
        { value: 'note', label: t('inbox.composer.note') },
      ]}
    />
  );
}
