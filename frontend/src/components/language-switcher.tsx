import { Button, Menu } from '@mantine/core';
import { IconCheck, IconChevronDown, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { LANGUAGES, type LanguageCode } from '@/lib/i18n';

/** Switches the interface language; i18next remembers the choice in localStorage. */
export function LanguageSwitcher({ variant = 'subtle' }: { variant?: 'subtle' | 'default' }) {
  const { t, i18n } = useTranslation();
  const current = LANGUAGES.find((language) => language.code === i18n.resolvedLanguage) ?? LANGUAGES[0];

  return (
    <Menu position="bottom-end" width={170} shadow="md" withinPortal>
      <Menu.Target>
        <Button
          variant={variant}
          color="gray"
          size="compact-sm"
          h={34}
          px="xs"
          leftSection={<IconLanguage size={18} stroke={1.7} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          styles={{ section: { marginInline: 4 } }}
          aria-label={`${t('common.language')}: ${current.label}`}
          data-testid="language-switcher"
        >
          {current.code.toUpperCase()}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('common.language')}</Menu.Label>
        {LANGUAGES.map((language) => (
          <Menu.Item
            key={language.code}
            lang={language.code}
            rightSection={language.code === current.code ? <IconCheck size={14} aria-hidden /> : null}
            onClick={() => void i18n.changeLanguage(language.code satisfies LanguageCode)}
          >
            {language.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
