import { Group, Text } from '@mantine/core';
import { useId } from 'react';

/** The Dialogo mark: two overlapping speech bubbles, a customer's and an agent's. */
export function LogoMark({ size = 32, inverted = false }: { size?: number; inverted?: boolean }) {
  const gradientId = useId();
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#5c7cfa" />
          <stop offset="1" stopColor="#7048e8" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill={inverted ? '#ffffff' : `url(#${gradientId})`} />
      <path
        d="M8 10.5a3 3 0 0 1 3-3h8a3 3 0 0 1 3 3v5a3 3 0 0 1-3 3h-4.2L11 21.6v-3.1a3 3 0 0 1-3-3z"
        fill={inverted ? '#5c7cfa' : '#ffffff'}
      />
      <path
        d="M23.5 12.2a2.6 2.6 0 0 1 1.5 2.4v4.2a2.6 2.6 0 0 1-2.6 2.6v2.5l-3.3-2.5h-3.6a2.6 2.6 0 0 1-2.2-1.2h4.7a5.5 5.5 0 0 0 5.5-5.5z"
        fill={inverted ? '#7048e8' : '#ffffff'}
        opacity={inverted ? 1 : 0.7}
      />
    </svg>
  );
}

export function Logo({ size = 28, inverted = false }: { size?: number; inverted?: boolean }) {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark size={size} inverted={inverted} />
      <Text
        component="span"
        fw={750}
        fz={Math.round(size * 0.68)}
        lts={-0.3}
        c={inverted ? 'white' : 'dark.8'}
      >
        Dialogo
      </Text>
    </Group>
  );
}
