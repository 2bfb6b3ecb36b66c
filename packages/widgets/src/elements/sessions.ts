import { createDoanflowClient, type DoanflowClient } from '@doanflow/client';
import { TokenKeeper, tokenSubject, type TokenSource } from '@doanflow/client';

/**
 * What the elements of a page share when they talk to one server for one person: one client, so
 * one token keeper and one change stream (which tabs share in turn). Elements join and leave;
 * the last to leave closes it, aborting what is still in flight.
 */
export interface ElementSession {
  key: string;
  baseUrl: string;
  client: DoanflowClient;
  members: Set<HTMLElement>;
}

const sessions = new Map<string, ElementSession>();
const callbacks = new WeakMap<object, number>();
let nextCallback = 1;

/** Who the token is for: its subject when it is a JWT; a callback is known by itself. */
function identityOf(source: TokenSource): string {
  if (typeof source === 'string') return `person ${tokenSubject(source) ?? source}`;
  let id = callbacks.get(source);
  if (id === undefined) callbacks.set(source, (id = nextCallback++));
  return `callback ${id}`;
}

export const sessionKey = (baseUrl: string, source: TokenSource) => `${baseUrl}\n${identityOf(source)}`;

/**
 * Joins the session for this server and person (creating it), handing it the element's token: a
 * renewed token reaches every element of the session, and an expired session wakes up with it.
 */
export function joinSession(element: HTMLElement, baseUrl: string, source: TokenSource): ElementSession {
  const key = sessionKey(baseUrl, source);
  let session = sessions.get(key);
  if (session) session.client.keeper.set(source);
  else {
    const keeper = new TokenKeeper(source);
    const created: ElementSession = {
      key,
      baseUrl,
      client: createDoanflowClient({ baseUrl, keeper, retry: { attempts: 0 } }),
      members: new Set(),
    };
    keeper.subscribe((state) => {
      if (state === 'expired') announceExpiry(created);
    });
    sessions.set(key, (session = created));
  }
  session.members.add(element);
  return session;
}

export function leaveSession(element: HTMLElement, session: ElementSession): void {
  session.members.delete(element);
  if (session.members.size > 0 || sessions.get(session.key) !== session) return;
  sessions.delete(session.key);
  session.client.close();
}

/**
 * Once per expiry, from one element of the session (it bubbles out of the shadow root to the
 * document): the portal answers by setting a new token (or `getToken`) on its elements.
 */
function announceExpiry(session: ElementSession): void {
  const element = [...session.members].find((member) => member.isConnected);
  element?.dispatchEvent(
    new CustomEvent('doanflow:token-expired', {
      bubbles: true,
      composed: true,
      detail: { baseUrl: session.baseUrl },
    }),
  );
}
