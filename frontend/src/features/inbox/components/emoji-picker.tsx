import { ActionIcon, Popover, SimpleGrid, Tooltip, UnstyledButton } from '@mantine/core';
import { IconMoodSmile } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import classes from './case-view.module.css';

/**
 * The emojis support replies actually use (thanks, apologies, good news, hearts), not the whole
 * Unicode set: one click, no search, nothing to download.
 */
const EMOJIS = [
  '😊', '🙂', '😀', '😉', '🙏', '👍', '👌', '👋',
  '🎉', '🥳', '✅', '✨', '💙', '❤️', '💚', '🤝',
  '😔', '😅', '🤔', '👀', '⏳', '📦', '🚚', '📧',
  '📞', '💳', '🎁', '⭐', '🔧', '📍', '🕐', '☀️',
];

interface EmojiPickerProps {
  onPick: (emoji: string) => void;
}

export function EmojiPicker({ onPick }: EmojiPickerProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="top-start" shadow="md" withinPortal trapFocus returnFocus>
      <Popover.Target>
        <Tooltip label={t('inbox.composer.emoji')} withArrow>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('inbox.composer.emoji')}
            aria-expanded={opened}
            onClick={() => setOpened((open) => !open)}
            data-testid="composer-emoji"
          >
            <IconMoodSmile size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={6}>
        <SimpleGrid cols={8} spacing={2} role="listbox" aria-label={t('inbox.composer.emoji')}>
          {EMOJIS.map((emoji) => (
            <UnstyledButton
              key={emoji}
              role="option"
              aria-selected={false}
              className={classes.emojiOption}
              onClick={() => {
                onPick(emoji);
                setOpened(false);
              }}
            >
              {emoji}
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Popover.Dropdown>
    </Popover>
  );
}
