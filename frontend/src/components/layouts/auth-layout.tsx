import { Box, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconChecks, IconCoin, IconMoodSmile } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Logo } from '@/components/brand/logo';

import classes from './auth-layout.module.css';

/** The signed-out frame: the product's promise on the left, the form on the right. */
export function AuthLayout({ topRight, children }: { topRight?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const pitch = [
    { icon: IconChecks, text: t('auth.pitch.resolution') },
    { icon: IconMoodSmile, text: t('auth.pitch.satisfaction') },
    { icon: IconCoin, text: t('auth.pitch.cost') },
  ];

  return (
    <div className={classes.root}>
      <aside className={classes.brand}>
        <Logo size={34} inverted />
        <Stack gap="xl" className={classes.brandBody}>
          <Title order={2} className={classes.tagline} data-testid="tagline">
            {t('app.tagline')}
          </Title>
          <Stack gap="md" component="ul" className={classes.pitch}>
            {pitch.map(({ icon: Icon, text }) => (
              <Group key={text} component="li" gap="sm" wrap="nowrap">
                <ThemeIcon variant="white" color="indigo" radius="xl" size={30} className={classes.pitchIcon}>
                  <Icon size={17} stroke={1.9} />
                </ThemeIcon>
                <Text c="white" fw={500}>
                  {text}
                </Text>
              </Group>
            ))}
          </Stack>
        </Stack>
        <Text size="xs" className={classes.footnote}>
          {t('app.footnote')}
        </Text>
      </aside>
      <main className={classes.content}>
        <div className={classes.topRight}>{topRight}</div>
        <Box className={classes.form}>
          <Box hiddenFrom="md" mb="xl">
            <Logo size={32} />
            <Text c="dimmed" size="sm" mt="xs">
              {t('app.tagline')}
            </Text>
          </Box>
          {children}
        </Box>
      </main>
    </div>
  );
}
