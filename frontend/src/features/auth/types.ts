// Hand-written to match the API contract until the client is generated from /api/schema/.

export type Role = 'admin' | 'supervisor' | 'agent';

export interface User {
  id: number;
  email: string;
  name: string;
}

export interface Workspace {
  id: number;
  slug: string;
  name: string;
}

export interface Membership {
  workspace: Workspace;
  role: Role;
}

/** Who is signed in, and in which workspace they are working now. */
export interface Session {
  user: User;
  workspace: Workspace;
  role: Role;
  memberships: Membership[];
}

export interface Credentials {
  email: string;
  password: string;
}
