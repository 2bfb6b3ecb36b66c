import { useEffect, useState } from 'react';

/**
 * The portal's pages, in the URL's hash so that the server only ever serves index.html:
 * `#/` inbox, `#/ho-so/<id>` one request, `#/tao-ho-so[/<workflow>]` start a request,
 * `#/uy-quyen` delegations, `#/bao-cao` the unit's report.
 */
export type Route =
  | { page: 'inbox' }
  | { page: 'instance'; instanceId: string }
  | { page: 'start'; workflowId: string | null }
  | { page: 'delegations' }
  | { page: 'report' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'ho-so' && parts[1]) return { page: 'instance', instanceId: parts[1] };
  if (parts[0] === 'tao-ho-so') return { page: 'start', workflowId: parts[1] ?? null };
  if (parts[0] === 'uy-quyen') return { page: 'delegations' };
  if (parts[0] === 'bao-cao') return { page: 'report' };
  return { page: 'inbox' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'instance':
      return `#/ho-so/${encodeURIComponent(route.instanceId)}`;
    case 'start':
      return route.workflowId ? `#/tao-ho-so/${encodeURIComponent(route.workflowId)}` : '#/tao-ho-so';
    case 'delegations':
      return '#/uy-quyen';
    case 'report':
      return '#/bao-cao';
    default:
      return '#/';
  }
}

export const navigate = (route: Route) => {
  window.location.hash = hrefOf(route);
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
