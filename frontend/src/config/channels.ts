import type { components } from '@/lib/api-schema';

/** The channel kinds Dialogo connects (the API's `kind`), in the order people know them. */
export const CHANNEL_KINDS = ['messenger', 'instagram', 'whatsapp', 'telegram', 'x', 'email', 'webchat', 'api'] as const satisfies readonly components['schemas']['ChannelKindEnum'][];
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export function isChannelKind(kind: string): kind is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(kind);
}
