// The API's shapes come from the generated OpenAPI types (`src/lib/api-schema.d.ts`, `make schema`).
import type { components } from '@/lib/api-schema';

type Schemas = components['schemas'];

export type Role = Schemas['RoleEnum'];

/**
 * The schema marks `name` optional only because the serializer accepts a user without one
 * (drf-spectacular types writable, non-required fields as optional in responses too); every
 * response carries it, empty when unset.
 */
export type User = Schemas['User'] & { name: string };

export type Workspace = Schemas['WorkspaceBrief'];

export type Membership = Schemas['MembershipBrief'];

/** Who is signed in, and in which workspace they are working now. */
export type Session = Omit<Schemas['Session'], 'user'> & { user: User };

export type Credentials = Schemas['LoginInputRequest'];

/** Who may see the supervisor's live board (the API answers 403 to anyone else). */
export function canSupervise(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}
