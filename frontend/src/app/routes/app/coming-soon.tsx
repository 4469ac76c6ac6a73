import { useDocumentTitle } from '@mantine/hooks';
import { IconChartBar, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { ComingSoon } from '@/components/coming-soon';

type Section = 'customers' | 'reports';

const ICONS = { customers: IconUsers, reports: IconChartBar } as const;

export default function ComingSoonRoute({ section }: { section: Section }) {
  const { t } = useTranslation();
  const Icon = ICONS[section];
  const title = t(`nav.${section}`);
  useDocumentTitle(`${title} · Dialogo`);
  return <ComingSoon title={title} description={t(`comingSoon.${section}`)} icon={<Icon size={30} stroke={1.5} />} />;
}
