import type { DelegationRequest, DelegationView, DoanflowClient } from '@doanflow/widgets';

/**
 * Ủy quyền over the widgets' client (its token, retries, typed errors): the wire types come from the
 * contract; the calls live here, so no widget carries them.
 */
export function delegationsOf(client: DoanflowClient) {
  return {
    create: (body: DelegationRequest) =>
      client.json<DelegationView>('/delegations', { method: 'POST', body }),
    list: async () => (await client.json<{ items: DelegationView[] }>('/delegations')).items,
    revoke: (id: string) =>
      client.json<DelegationView>(`/delegations/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
  };
}
