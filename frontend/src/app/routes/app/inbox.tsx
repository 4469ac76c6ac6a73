import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

import { useSignedInSession } from '@/features/auth/api/get-session';
import { Inbox } from '@/features/inbox/components/inbox';

export default function InboxRoute() {
  const { t } = useTranslation();
  const { workspace } = useSignedInSession();
  useDocumentTitle(`${t('inbox.title')} · ${workspace.name} · Dialogo`);
  return <Inbox />;
}
