import { paths } from '@/config/paths';

// The inbox's routes (`/inbox/:view/:caseId?`, see features/inbox/utils/view-path.ts), written
// out here because features do not import each other.

/** The inbox's view of one team's open cases. */
export function teamInboxPath(teamId: number): string {
  return `${paths.inbox}/team-${teamId}`;
}

/** A case opened in the inbox's All view (every open case, whoever it is assigned to). */
export function caseInboxPath(caseId: number): string {
  return `${paths.inbox}/all/${caseId}`;
}

export const unassignedInboxPath = `${paths.inbox}/unassigned`;
export const allInboxPath = `${paths.inbox}/all`;
export const breachingInboxPath = `${paths.inbox}/breaching`;
