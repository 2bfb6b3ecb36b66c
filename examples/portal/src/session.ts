/** The signed-in officer, kept for the browser tab only (sessionStorage). */
export interface RoleHeld {
  role: string;
  unitId: string;
  unitName: string;
  deputy: boolean;
}

/** A person of the demo directory, as GET /auth/dev-people describes them. */
export interface DemoPerson {
  id: string;
  name: string;
  memberOf: { id: string; name: string } | null;
  roles: RoleHeld[];
  mayStart: string[];
}

export interface Session {
  token: string;
  expiresAt: string;
  person: DemoPerson;
}

const KEY = 'doanflow-portal.session';

export function loadSession(now = new Date()): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > now.getTime() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** Where the API is: the same origin by default (the server serves this portal). */
export const apiBase: string = (import.meta.env['VITE_DOANFLOW_API'] as string | undefined) ?? '';

export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      ...init,
      headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) },
    });
  } catch (error) {
    throw new SignInError(0, error instanceof Error ? error.message : 'network error');
  }
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) throw new SignInError(response.status, body?.message ?? `HTTP ${response.status}`);
  return body as T;
}

/** The demo officers (only offered by a server with dev tokens on). */
export const demoPeople = async () => (await call<{ items: DemoPerson[] }>('/auth/dev-people')).items;

export async function signIn(person: DemoPerson): Promise<Session> {
  const minted = await call<{ token: string; expiresAt: string }>('/auth/dev-token', {
    method: 'POST',
    body: JSON.stringify({ personId: person.id }),
  });
  return { token: minted.token, expiresAt: minted.expiresAt, person };
}

/** Roles that read no unit report: members, hosts, cadres, and a branch's own officers. */
const nonReporting = new Set([
  'member',
  'host',
  'cadre',
  'branchSecretary',
  'branchDeputy',
  'branchCommittee',
]);

/** The units whose report an officer of the city or a commune may read: where they hold an office. */
export function reportingUnits(person: DemoPerson): { id: string; name: string }[] {
  const units = new Map<string, string>();
  for (const held of person.roles) if (!nonReporting.has(held.role)) units.set(held.unitId, held.unitName);
  return [...units].map(([id, name]) => ({ id, name }));
}
