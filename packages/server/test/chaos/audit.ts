import { isDeepStrictEqual } from 'node:util';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { auditInstance } from '../runtime/support.ts';
import { commentOf, type Ledger } from './workload.ts';

export interface LedgerAudit {
  sent: number;
  acknowledged: number;
  /** Acknowledged decisions whose history entry (or started instance) is there exactly once. */
  found: number;
  /** History entries beyond the first for one key (a decision applied twice). */
  duplicates: number;
  missing: string[];
  /** Keys whose history entry is on the wrong instance or of the wrong type. */
  mismatched: string[];
  /** Requests refused (4xx) that nevertheless left a history entry. */
  refusedButWritten: string[];
  /** Instances started twice for one key, or missing. */
  startProblems: string[];
  instances: number;
  /** Instances whose history has entries no acknowledged key accounts for. */
  unexplainedEntries: string[];
  replayMismatches: string[];
  chainBreaks: string[];
}

/**
 * Checks the database against what the clients saw: every acknowledged decision is in the history
 * exactly once (found by its key, carried in the comment), nothing else is, every instance replays
 * to its stored snapshot and its hash chain verifies.
 */
export async function auditLedger(runtime: HostedRuntime, ledger: Ledger): Promise<LedgerAudit> {
  const entries = [...ledger.entries.values()];
  const comments = await runtime.db.query<{ comment: string; instance_id: string; type: string; n: string }>(
    `select comment, min(instance_id) as instance_id, min(type) as type, count(*) as n
       from history where comment like 'chaos:%' group by comment`,
  );
  const byComment = new Map(comments.map((row) => [row.comment, row]));
  const audit: LedgerAudit = {
    sent: entries.length,
    acknowledged: 0,
    found: 0,
    duplicates: comments.reduce((sum, row) => sum + Number(row.n) - 1, 0),
    missing: [],
    mismatched: [],
    refusedButWritten: [],
    startProblems: [],
    instances: 0,
    unexplainedEntries: [],
    replayMismatches: [],
    chainBreaks: [],
  };
  const expectedPerInstance = new Map<string, number>();
  for (const entry of entries) {
    const acked = entry.status !== null && entry.status < 300;
    if (acked) audit.acknowledged += 1;
    if (entry.kind === 'start') {
      if (acked && entry.instanceId) expectedPerInstance.set(entry.instanceId, 1);
      continue;
    }
    const row = byComment.get(commentOf(entry.key));
    if (!acked) {
      if (row) audit.refusedButWritten.push(entry.key);
      continue;
    }
    if (!row) {
      audit.missing.push(entry.key);
      continue;
    }
    if (row.instance_id !== entry.instanceId || row.type !== entry.type) audit.mismatched.push(entry.key);
    else if (Number(row.n) === 1) audit.found += 1;
    expectedPerInstance.set(entry.instanceId!, (expectedPerInstance.get(entry.instanceId!) ?? 0) + 1);
  }

  // Starts: one instance per acknowledged key, its stored answer naming it; no instance without a key.
  const startKeys = entries.filter((entry) => entry.kind === 'start');
  const stored = await runtime.db.query<{ key: string; id: string | null }>(
    `select key, response ->> 'id' as id from idempotency_keys where key = any($1)`,
    [startKeys.map((entry) => entry.key)],
  );
  const storedId = new Map(stored.map((row) => [row.key, row.id]));
  for (const entry of startKeys) {
    if (entry.status === null || entry.status >= 300) continue;
    if (storedId.get(entry.key) === entry.instanceId) audit.found += 1;
    else
      audit.startProblems.push(
        `${entry.key}: stored ${storedId.get(entry.key)}, answered ${entry.instanceId}`,
      );
  }
  const instances = await runtime.db.query<{ id: string; n: string }>(
    `select i.id, (select count(*) from history h where h.instance_id = i.id) as n from instances i`,
  );
  audit.instances = instances.length;
  for (const { id, n } of instances) {
    const expected = expectedPerInstance.get(id);
    if (expected === undefined) audit.startProblems.push(`${id}: an instance no acknowledged start names`);
    // Timer events are the system's own and carry no key: count only keyed (and $start) entries.
    const [keyed] = await runtime.db.query<{ n: string }>(
      `select count(*) as n from history where instance_id = $1 and (type = '$start' or comment like 'chaos:%')`,
      [id],
    );
    if (Number(keyed!.n) !== (expected ?? 0) || Number(n) < Number(keyed!.n)) {
      audit.unexplainedEntries.push(`${id}: ${keyed!.n} keyed entries, ${expected ?? 0} acknowledged`);
    }
    const result = await auditInstance(runtime, id);
    if (!isDeepStrictEqual(result.replayed, result.stored)) audit.replayMismatches.push(id);
    if (result.brokenAt !== null || !result.lastHashMatches)
      audit.chainBreaks.push(`${id}@${result.brokenAt}`);
  }
  return audit;
}

/** The figures for the report (lists shortened to their length). */
export function auditFigures(audit: LedgerAudit) {
  return {
    decisionsSent: audit.sent,
    acknowledged: audit.acknowledged,
    foundExactlyOnce: audit.found,
    duplicates: audit.duplicates,
    missing: audit.missing.length,
    instances: audit.instances,
    replayMismatches: audit.replayMismatches.length,
    chainBreaks: audit.chainBreaks.length,
  };
}
