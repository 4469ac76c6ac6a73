import { ActionIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { paths } from '@/config/paths';

import type { CasesData } from '../api/get-cases';
import { casesQueryKey } from '../api/get-cases';
import { useMembers } from '../api/get-members';
import { useInboxRealtime } from '../hooks/use-inbox-realtime';
import { useInboxShortcuts } from '../hooks/use-inbox-shortcuts';
import type { InboxView } from '../types';
import { CaseList } from './case-list';
import { CaseView, type CaseViewHandle } from './case-view';
import { CaseViewPlaceholder } from './case-view-placeholder';
import classes from './inbox.module.css';
import { ShortcutsHelp } from './shortcuts-help';
import { ViewsList } from './views-list';

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

  const caseView = useRef<CaseViewHandle>(null);
  const [helpOpen, setHelpOpen] = useState(false);

  const move = (step: 1 | -1) => {
    const rows = queryClient.getQueryData<CasesData>(casesQueryKey(view))?.pages.flatMap((page) => page.results) ?? [];
    if (rows.length === 0) return;
    const index = rows.findIndex((row) => row.id === caseId);
    const next = index === -1 ? rows[0] : rows[Math.min(Math.max(index + step, 0), rows.length - 1)];
    if (next && next.id !== caseId) void navigate(`${paths.inbox}/${view}/${next.id}`);
  };
  useInboxShortcuts({
    j: () => move(1),
    k: () => move(-1),
    r: () => caseView.current?.focusComposer('reply'),
    n: () => caseView.current?.focusComposer('note'),
    e: () => caseView.current?.resolve(),
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
            backTo={`${paths.inbox}/${view}`}
          />
        )}
      </div>
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
