import { paths } from '@/config/paths';

import type { InboxView } from '../types';

/** `/inbox/<view>[/<caseId>]`, with a tag view's tag escaped for the URL. */
export function viewPath(view: InboxView, caseId?: number | null): string {
  const base = `${paths.inbox}/${encodeURIComponent(view)}`;
  return caseId === undefined || caseId === null ? base : `${base}/${caseId}`;
}
