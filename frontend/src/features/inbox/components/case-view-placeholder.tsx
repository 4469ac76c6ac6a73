import { EmptyState } from '@mantine/core';
import { IconMessageCircleSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import classes from './inbox.module.css';

export function CaseViewPlaceholder() {
  const { t } = useTranslation();
  return (
    <section aria-label={t('inbox.caseView.emptyTitle')} className={classes.centered}>
      <EmptyState
        icon={<IconMessageCircleSearch size={34} stroke={1.4} />}
        withIndicatorBackground
        maw={360}
      >
        <EmptyState.Title order={2} m={0}>
          {t('inbox.caseView.emptyTitle')}
        </EmptyState.Title>
        <EmptyState.Description>{t('inbox.caseView.emptyDescription')}</EmptyState.Description>
      </EmptyState>
    </section>
  );
}
