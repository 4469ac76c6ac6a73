/*
 * REST shapes come from the generated OpenAPI types (`src/lib/api-schema.d.ts`, `make schema`).
 * Hand-written: `BoardAgent.role`, which the schema types as any string while the UI reads it as
 * one of the roles (to name it in the person's language).
 */
import type { components } from '@/lib/api-schema';

type Schemas = components['schemas'];

export type BoardTotals = Schemas['BoardTotals'];

/** One team's queue; `id: null` (and an empty name) is the cases in no team. */
export type BoardTeam = Schemas['BoardTeam'];

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const satisfies readonly Schemas['BoardAgentStatusEnum'][];
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export type BoardAgent = Omit<Schemas['BoardAgent'], 'role' | 'status'> & {
  role: Schemas['RoleEnum'];
  status: PresenceStatus;
};

/** Open and waiting cases of one channel kind (`whatsapp`, …; unknown kinds are shown as sent). */
export type BoardChannel = Schemas['BoardChannel'];

/** `generated_at` is the server's clock when it counted: waits are measured from it (`utils/board.ts`). */
export type Board = Omit<Schemas['Board'], 'agents'> & { agents: BoardAgent[] };
