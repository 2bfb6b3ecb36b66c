/** A bearer token, or a function that returns a fresh one (called before every request). */
export type TokenSource = string | (() => string | Promise<string>);

export async function resolveToken(source: TokenSource | undefined): Promise<string | undefined> {
  if (source === undefined) return undefined;
  const token = typeof source === 'function' ? await source() : source;
  return token === '' ? undefined : token;
}

/** The `sub` claim of a JWT, read without verifying it (the server verifies): who the token is for. */
export function tokenSubject(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** `active`: requests go out; `expired`: the server refused the token and no new one came yet. */
export type TokenState = 'active' | 'expired';

/**
 * Holds the token every request and the change stream use, and its lifecycle: a `getToken`
 * callback is asked before each request and once more after a 401; when no fresh token comes, the
 * keeper turns `expired` (the portal is told: `onExpired`) and requests wait for `set` to bring one.
 */
export class TokenKeeper {
  private current: TokenSource | undefined;
  private waiters: ((renewed: boolean) => void)[] = [];
  private readonly listeners = new Set<(state: TokenState) => void>();
  state: TokenState = 'active';

  constructor(source?: TokenSource) {
    this.current = source;
  }

  /** The token (or the callback) changed: an expired keeper is active again, waiting requests go on. */
  set(source: TokenSource | undefined): void {
    if (source === this.current) return;
    this.current = source;
    if (source === undefined || source === '') return;
    this.wake(true);
    this.change('active');
  }

  token(): Promise<string | undefined> {
    return resolveToken(this.current);
  }

  /** After a 401 with `rejected`: another token if one is at hand, else the keeper expires. */
  async renew(rejected: string | undefined): Promise<string | undefined> {
    const next = await this.token().catch(() => undefined);
    if (next && next !== rejected) return next;
    this.change('expired');
    return undefined;
  }

  /** Resolves true with the next token `set` brings, false when the keeper is closed. */
  renewed(): Promise<boolean> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Listens to state changes; returns the removal. */
  subscribe(listener: (state: TokenState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.wake(false);
    this.listeners.clear();
  }

  private wake(renewed: boolean) {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve(renewed);
  }

  private change(state: TokenState) {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
