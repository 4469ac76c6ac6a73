import { Badge, EmptyState, Title } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import type { InboxView } from '../types';
import classes from './inbox.module.css';

/** Cases of the current view. Empty until the cases API lands. */
export function CaseList({ view }: { view: InboxView }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="case-list-heading" className={classes.pane} style={{ height: '100%' }}>
      <header className={classes.paneHeader}>
        <Title id="case-list-heading" order={2} size="h5">
          {t(`inbox.views.${view}`)}
        </Title>
        <Badge variant="default" radius="sm" aria-label={`0 ${t('inbox.cases.label')}`}>
          0
        </Badge>
      </header>
      <div className={classes.centered} data-testid="case-list-empty">
        <EmptyState
          variant="light"
          size="sm"
          icon={<IconMessages size={26} stroke={1.6} />}
          maw={300}
        >
          <EmptyState.Title order={3} m={0}>
            {t('inbox.cases.emptyTitle')}
          </EmptyState.Title>
          <EmptyState.Description>{t('inbox.cases.emptyDescription')}</EmptyState.Description>
        </EmptyState>
      </div>
    </section>
  );
}
