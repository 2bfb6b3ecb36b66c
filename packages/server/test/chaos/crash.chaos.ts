import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient, eachLimited, seededRandom } from './client.ts';
import { killRepeatedly } from './killer.ts';
import { LONG, recordScenario, SEED } from './report.ts';
import { Stage } from './stage.ts';
import { Ledger, sendDecision, startInstance, transferInput, transferSteps } from './workload.ts';

const INSTANCES = LONG ? 300 : 90;
const ROUNDS = LONG ? 12 : 8;
const CAMPAIGNS = LONG ? 100 : 30;
const KILLS = LONG ? 12 : 4;
const CLIENTS = 16;
/** 3 + 2 × ROUNDS per transfer, 2 per campaign: 1,770 by default, 8,300 in long mode. */
const PLANNED = INSTANCES * (3 + 2 * ROUNDS) + CAMPAIGNS * 2;

const round = {
  awardingUnitId: 'dn',
  name: 'Xét khen thưởng chào mừng 95 năm Ngày thành lập Đoàn',
  awardForms: [{ id: 'bi-thu-gioi', name: 'Bí thư chi đoàn giỏi', nomineeKind: 'person' }],
  quotas: { tradoc: 2 },
};

let stage: Stage;
beforeAll(async () => {
  stage = await Stage.open('crash', 1);
});
afterAll(async () => stage?.close());

describe('server processes killed with SIGKILL while clients decide', () => {
  it('keeps every acknowledged decision exactly once; histories replay and their chains verify', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const server = stage.servers[0]!;
    const random = seededRandom(SEED);
    const client = new ChaosClient(() => server.url, { giveUpMs: 90_000 });
    const ledger = new Ledger();
    // Set when the clients are done (a flag object: the killer reads it while it changes).
    const load = { done: false };
    const { kills, done: killer } = killRepeatedly(server, client, random, {
      times: KILLS,
      planned: PLANNED,
      load,
    });

    const work = [
      ...Array.from({ length: INSTANCES }, () => 'transfer' as const),
      ...Array.from({ length: CAMPAIGNS }, () => 'campaign' as const),
    ];
    const started = Date.now();
    try {
      await eachLimited(work, CLIENTS, async (kind, index) => {
        if (kind === 'transfer') {
          const id = await startInstance(client, ledger, 'p-an', 'member-transfer', transferInput);
          for (const step of transferSteps(ROUNDS)) await sendDecision(client, ledger, id, step);
        } else {
          // A round whose deadline is far off, cancelled by the standing secretary.
          const deadline = new Date(Date.now() + 200 * 86_400_000).toISOString();
          const id = await startInstance(client, ledger, 'p-yen', 'award-campaign', {
            ...round,
            name: `${round.name} #${index}`,
            deadline,
          });
          await sendDecision(client, ledger, id, {
            personId: 'p-ha',
            type: 'CANCEL',
            payload: { reason: 'Điều chỉnh kế hoạch' },
          });
        }
      });
    } finally {
      load.done = true;
      await killer;
    }
    const elapsedMs = Date.now() - started;

    const verifier = await stage.db.verifier();
    try {
      const audit = await auditLedger(verifier.runtime, ledger);
      recordScenario('crash (SIGKILL)', {
        ...auditFigures(audit),
        httpAttempts: client.stats.attempts,
        retriedRequests: client.stats.retried,
        connectionFailures: client.stats.connectionFailures,
        serverErrors5xx: client.stats.failures.length,
        kills: kills.length,
        restartMsWorst: Math.max(...kills.map((kill) => kill.restartMs)),
        elapsedMs,
      });
      expect(kills).toHaveLength(KILLS);
      expect(client.stats.refused).toEqual([]);
      expect(audit.acknowledged).toBe(PLANNED);
      expect(audit).toMatchObject({
        sent: PLANNED,
        found: PLANNED,
        duplicates: 0,
        missing: [],
        mismatched: [],
        refusedButWritten: [],
        startProblems: [],
        instances: INSTANCES + CAMPAIGNS,
        unexplainedEntries: [],
        replayMismatches: [],
        chainBreaks: [],
      });
      const states = await verifier.db.query<{ state: string; n: string }>(
        'select state, count(*) as n from instances group by state order by state',
      );
      expect(states.map((row) => `${row.state}:${row.n}`)).toEqual([
        `cancelled:${CAMPAIGNS}`,
        `withdrawn:${INSTANCES}`,
      ]);
    } finally {
      await verifier.close();
    }
  });
});
