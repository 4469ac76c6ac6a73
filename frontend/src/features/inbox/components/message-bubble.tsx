import { Anchor, Group, Text, Tooltip } from '@mantine/core';
import {
  IconAlertCircleFilled,
  IconCheck,
  IconChecks,
  IconClock,
  IconFile,
  IconHeadphones,
  IconLock,
  IconMapPin,
  IconMovie,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { paths } from '@/config/paths';

import type { Attachment, Message } from '../types';
import { attachmentName, formatBytes, geoLocation, isImageAttachment } from '../utils/attachments';
import { messageTime } from '../utils/format';
import { deliveryIndicator, deliveryProblem } from '../utils/messages';
import classes from './case-view.module.css';

/** One message of the timeline: who, when, what, and for replies whether it reached the customer. */
export function MessageBubble({ message, customer }: { message: Message; customer: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const isNote = message.kind === 'note';
  const isOut = message.direction === 'out' || isNote;
  const withdrawn = Boolean(message.deleted_at);
  const author =
    message.direction === 'in' ? customer || t('inbox.caseView.customer') : (message.author?.name ?? t('inbox.caseView.agent'));
  const at = message.sent_at ?? message.received_at;
  const indicator = deliveryIndicator(message);
  return (
    <article
      className={classes.message}
      data-direction={isOut ? 'out' : 'in'}
      data-kind={message.kind}
      data-withdrawn={withdrawn || undefined}
      data-reacted={message.reaction ? true : undefined}
      data-status={message.status || undefined}
      data-testid="message"
    >
      <div className={classes.bubble}>
        {isNote ? (
          <Group gap={4} mb={2}>
            <IconLock size={12} />
            <Text size="xs" fw={700}>
              {t('inbox.caseView.privateNote')}
            </Text>
          </Group>
        ) : null}
        {withdrawn ? (
          <Text size="sm" fs="italic" className={classes.messageText} data-testid="message-withdrawn">
            {t('inbox.message.withdrawn')}
          </Text>
        ) : (
          <>
            {message.text ? (
              <Text size="sm" className={classes.messageText}>
                {message.text}
              </Text>
            ) : null}
            {message.attachments?.length ? <AttachmentList attachments={message.attachments} /> : null}
          </>
        )}
        {message.reaction ? (
          <span
            className={classes.reaction}
            role="img"
            aria-label={t('inbox.message.reaction', { emoji: message.reaction })}
            title={t('inbox.message.reaction', { emoji: message.reaction })}
            data-testid="message-reaction"
          >
            {message.reaction}
          </span>
        ) : null}
      </div>
      <Text size="xs" c="dimmed" className={classes.meta} component="div">
        {author} · <time dateTime={at}>{messageTime(at, language)}</time>
        {message.edited_at && !withdrawn ? (
          <>
            {' · '}
            <Tooltip label={t('inbox.message.editedAt', { when: messageTime(message.edited_at, language) })} withArrow>
              <span data-testid="message-edited" tabIndex={0}>
                {t('inbox.message.edited')}
              </span>
            </Tooltip>
          </>
        ) : null}
        {indicator ? <DeliveryStatusIcon status={indicator} /> : null}
      </Text>
      {indicator === 'failed' ? <DeliveryFailure message={message} /> : null}
    </article>
  );
}

const STATUS_ICONS = {
  queued: { icon: IconClock, color: 'var(--mantine-color-gray-6)' },
  sent: { icon: IconCheck, color: 'var(--mantine-color-gray-6)' },
  delivered: { icon: IconChecks, color: 'var(--mantine-color-gray-6)' },
  read: { icon: IconChecks, color: 'var(--mantine-color-blue-6)' },
  failed: { icon: IconAlertCircleFilled, color: 'var(--mantine-color-red-7)' },
} as const;

/** Clock, ✓, ✓✓, blue ✓✓ or a red mark, with the words in a tooltip (and for screen readers). */
export function DeliveryStatusIcon({ status }: { status: keyof typeof STATUS_ICONS }) {
  const { t } = useTranslation();
  const { icon: Icon, color } = STATUS_ICONS[status];
  const label = t(`inbox.message.status.${status}`);
  return (
    <Tooltip label={label} withArrow>
      <span
        className={classes.deliveryStatus}
        role="img"
        aria-label={label}
        tabIndex={0}
        data-testid="delivery-status"
        data-status={status}
      >
        <Icon size={14} stroke={2} color={color} />
      </span>
    </Tooltip>
  );
}

/** Under a reply that did not reach the customer: why, in plain words, and what to do now. */
function DeliveryFailure({ message }: { message: Message }) {
  const { t } = useTranslation();
  const problem = deliveryProblem(message.error_code);
  return (
    <div className={classes.failure} role="note" data-testid="delivery-failure" data-problem={problem}>
      <Text size="xs" fw={700} c="red.8">
        {t('inbox.caseView.failed')}: {t(`inbox.message.problems.${problem}.explanation`)}
      </Text>
      <Text size="xs" c="red.9">
        {t(`inbox.message.problems.${problem}.nextStep`)}
        {problem === 'credentials_rejected' ? (
          <>
            {' '}
            <Anchor component={Link} to={paths.settingsChannels} size="xs" fw={600}>
              {t('inbox.message.openChannelSettings')}
            </Anchor>
          </>
        ) : null}
      </Text>
      {message.error_message ? (
        <Text size="xs" c="dimmed" mt={2} className={classes.messageText}>
          {t('inbox.message.platformSaid', { message: message.error_message })}
        </Text>
      ) : null}
    </div>
  );
}

function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  return (
    <div className={classes.attachments}>
      {attachments.map((attachment, index) => (
        <AttachmentItem key={attachment.id ?? `${attachment.url}-${index}`} attachment={attachment} />
      ))}
    </div>
  );
}

const FILE_ICONS: Record<string, typeof IconFile> = { video: IconMovie, audio: IconHeadphones };
const ATTACHMENT_KINDS = ['image', 'video', 'audio', 'file', 'sticker', 'location'] as const;

function AttachmentItem({ attachment }: { attachment: Attachment }) {
  const { t, i18n } = useTranslation();
  const [brokenImage, setBrokenImage] = useState(false);
  const kind = (ATTACHMENT_KINDS as readonly string[]).includes(attachment.kind ?? '') ? attachment.kind : 'file';
  const name = attachmentName(attachment) || t(`inbox.message.kinds.${kind as (typeof ATTACHMENT_KINDS)[number]}`);

  const place = geoLocation(attachment.url);
  if (place) {
    const coordinates = `${place.latitude.toFixed(5)}, ${place.longitude.toFixed(5)}`;
    return (
      <Anchor
        href={place.mapUrl}
        target="_blank"
        rel="noreferrer"
        className={classes.locationLink}
        data-testid="attachment-location"
      >
        <IconMapPin size={16} stroke={1.8} />
        <span>
          {attachment.name ? `${attachment.name} · ` : ''}
          {t('inbox.message.location', { coordinates })}
        </span>
      </Anchor>
    );
  }

  if (isImageAttachment(attachment) && !brokenImage) {
    return (
      <a
        href={attachment.url}
        target="_blank"
        rel="noreferrer"
        className={classes.imageLink}
        aria-label={t('inbox.message.openImage', { name })}
        data-testid="attachment-image"
      >
        <img src={attachment.url} alt={name} loading="lazy" className={classes.thumbnail} onError={() => setBrokenImage(true)} />
      </a>
    );
  }

  const Icon = FILE_ICONS[attachment.kind ?? ''] ?? IconFile;
  const size = formatBytes(attachment.size_bytes, i18n.resolvedLanguage ?? 'en');
  const missing = attachment.fetch_status === 'failed';
  return (
    <a
      href={attachment.url}
      download={name}
      target="_blank"
      rel="noreferrer"
      className={classes.fileChip}
      aria-label={t('inbox.message.download', { name })}
      title={missing ? t('inbox.message.copyMissing') : name}
      data-testid="attachment-file"
    >
      <Icon size={18} stroke={1.7} />
      <span className={classes.fileName}>{name}</span>
      {size ? <span className={classes.fileSize}>{size}</span> : null}
    </a>
  );
}
