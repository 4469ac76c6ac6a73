import { VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { parseInboxView } from '../types';
import { CaseList } from './case-list';
import { CaseViewPlaceholder } from './case-view-placeholder';
import classes from './inbox.module.css';
import { ViewsList } from './views-list';

/** The three-pane inbox: views, the cases of the chosen view, the open case. */
export function Inbox() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const view = parseInboxView(searchParams.get('view'));

  return (
    <div className={classes.panes} data-testid="inbox">
      <VisuallyHidden>
        <h1>{t('inbox.title')}</h1>
      </VisuallyHidden>
      <div className={`${classes.pane} ${classes.views}`}>
        <ViewsList current={view} />
      </div>
      <div className={`${classes.pane} ${classes.cases}`}>
        <CaseList view={view} />
      </div>
      <div className={`${classes.pane} ${classes.caseView}`}>
        <CaseViewPlaceholder />
      </div>
    </div>
  );
}
