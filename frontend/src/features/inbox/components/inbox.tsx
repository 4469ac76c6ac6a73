import { ActionIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { useRealtimeWatch } from '@/lib/realtime';

import { breachingSoonQueryKey } from '../api/get-breaching-soon';
import type { CasesData } from '../api/get-cases';
import { casesQueryKey } from '../api/get-cases';
import { useMembers } from '../api/get-members';
import { useInboxRealtime } from '../hooks/use-inbox-realtime';
import { useInboxShortcuts } from '../hooks/use-inbox-shortcuts';
import { type BreachingSoon, describeView, type InboxView, type Paginated } from '../types';
import { viewPath } from '../utils/view-path';
import { CaseList } from './case-list';
import { CaseView, type CaseViewHandle } from './case-view';
import { CaseViewPlaceholder } from './case-view-placeholder';
import classes from './inbox.module.css';
import { ShortcutsHelp } from './shortcuts-help';
import { ViewsList, viewWatchScope } from './views-list';

interface InboxProps {
  view: InboxView;
  caseId: number | null;
  /** The signed-in person's user id (from the session). */
  currentUserId: number;
}

/** The three-pane inbox: views, the cases of the chosen view, the open case. */
export function Inbox({ view, caseId, currentUserId }: InboxProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useMembers();
  // Case assignees are memberships: find ours to tell which cases are "mine".
  const myMemberId = members.data?.find((member) => member.user.id === currentUserId)?.id ?? null;
  useInboxRealtime(myMemberId);
  // Workspace-wide views need every case's news; Mine and team views only their own.
  useRealtimeWatch(viewWatchScope(view));

  const caseView = useRef<CaseViewHandle>(null);
  const [helpOpen, setHelpOpen] = useState(false);

  const move = (step: 1 | -1) => {
    const ids = listedCaseIds(queryClient, view);
    if (ids.length === 0) return;
    const index = caseId === null ? -1 : ids.indexOf(caseId);
    const next = index === -1 ? ids[0] : ids[Math.min(Math.max(index + step, 0), ids.length - 1)];
    if (next !== undefined && next !== caseId) void navigate(viewPath(view, next));
  };
  useInboxShortcuts({
    j: () => move(1),
    k: () => move(-1),
    r: () => caseView.current?.focusComposer('reply'),
    n: () => caseView.current?.focusComposer('note'),
    e: () => caseView.current?.resolve(),
    a: () => caseView.current?.assignToMe(),
    s: () => caseView.current?.openSnooze(),
    t: () => caseView.current?.openTags(),
    '?': () => setHelpOpen(true),
  });

  return (
    <div className={classes.panes} data-testid="inbox" data-has-case={caseId !== null || undefined}>
      <VisuallyHidden>
        <h1>{t('inbox.title')}</h1>
      </VisuallyHidden>
      <div className={`${classes.pane} ${classes.views}`}>
        <ViewsList current={view} />
        <div className={classes.viewsFooter}>
          <Tooltip label={t('inbox.shortcuts.open')}>
            <ActionIcon variant="subtle" color="gray" onClick={() => setHelpOpen(true)} aria-label={t('inbox.shortcuts.open')}>
              <IconKeyboard size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        </div>
      </div>
      <div className={`${classes.pane} ${classes.cases}`}>
        <CaseList view={view} selectedId={caseId} />
      </div>
      <div className={`${classes.pane} ${classes.caseView}`}>
        {caseId === null ? (
          <CaseViewPlaceholder />
        ) : (
          <CaseView
            key={caseId}
            ref={caseView}
            caseId={caseId}
            currentUserId={currentUserId}
            myMemberId={myMemberId}
            view={view}
          />
        )}
      </div>
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

/** The case ids of a view's list, in the order shown (for j/k). */
function listedCaseIds(queryClient: QueryClient, view: InboxView): number[] {
  if (describeView(view).kind === 'breaching') {
    return queryClient.getQueryData<Paginated<BreachingSoon>>(breachingSoonQueryKey)?.results.map((row) => row.case_id) ?? [];
  }
  return queryClient.getQueryData<CasesData>(casesQueryKey(view))?.pages.flatMap((page) => page.results.map((row) => row.id)) ?? [];
}
