import {
  IconApi,
  IconBrandInstagram,
  IconBrandMessenger,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconBrandX,
  IconMail,
  IconMessageCircle,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

import { type ChannelKind, isChannelKind } from '@/config/channels';

const ICONS: Record<ChannelKind, { icon: ComponentType<{ size?: number; stroke?: number; color?: string }>; color: string }> =
  {
    messenger: { icon: IconBrandMessenger, color: 'var(--mantine-color-blue-6)' },
    instagram: { icon: IconBrandInstagram, color: 'var(--mantine-color-pink-6)' },
    whatsapp: { icon: IconBrandWhatsapp, color: 'var(--mantine-color-green-7)' },
    telegram: { icon: IconBrandTelegram, color: 'var(--mantine-color-cyan-6)' },
    x: { icon: IconBrandX, color: 'var(--mantine-color-dark-6)' },
    email: { icon: IconMail, color: 'var(--mantine-color-orange-7)' },
    webchat: { icon: IconMessageCircle, color: 'var(--mantine-color-violet-6)' },
    api: { icon: IconApi, color: 'var(--mantine-color-gray-7)' },
  };

/** The channel's name in the person's language ("Web chat", "Chat web"); unknown kinds as sent. */
export function useChannelName() {
  const { t } = useTranslation();
  return (kind: string) => (isChannelKind(kind) ? t(`channels.${kind}`) : kind);
}

/** The channel's brand mark, labelled for screen readers. */
export function ChannelIcon({ kind, size = 16 }: { kind: string; size?: number }) {
  const channelName = useChannelName();
  const { icon: Icon, color } = ICONS[isChannelKind(kind) ? kind : 'api'];
  const label = channelName(kind);
  return (
    <span role="img" aria-label={label} title={label} style={{ display: 'inline-flex', flex: 'none' }}>
      <Icon size={size} stroke={1.8} color={color} />
    </span>
  );
}
