import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';

import { useSignedInSession } from '@/features/auth/api/get-session';
import { Inbox } from '@/features/inbox/components/inbox';
import { parseInboxView } from '@/features/inbox/types';
import { viewPath } from '@/features/inbox/utils/view-path';

/** `/inbox/:view?/:caseId?` */
export default function InboxRoute() {
  const { t } = useTranslation();
  const { user, workspace } = useSignedInSession();
  const params = useParams();
  const view = parseInboxView(params.view);
  const caseId = params.caseId && /^\d+$/.test(params.caseId) ? Number(params.caseId) : null;
  useDocumentTitle(`${t('inbox.title')} · ${workspace.name} · Dialogo`);
  if (params.view !== undefined && params.view !== view) return <Navigate to={viewPath(view)} replace />;
  return <Inbox view={view} caseId={caseId} currentUserId={user.id} />;
}
