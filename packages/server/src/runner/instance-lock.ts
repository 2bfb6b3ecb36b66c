import type { Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import type { InstanceRow } from './rows.ts';

export const notFound = (id: string) => new ServerError('NOT_FOUND', `no instance ${id}`, { instanceId: id });

/** Locks the instance row for the rest of the transaction: concurrent commands on it serialize. */
export async function lockInstance(query: Query, instanceId: string): Promise<InstanceRow> {
  const [row] = await query<InstanceRow>('select * from instances where id = $1 for update', [instanceId]);
  if (!row) throw notFound(instanceId);
  return row;
}
