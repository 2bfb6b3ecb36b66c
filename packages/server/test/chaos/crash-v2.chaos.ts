import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient, eachLimited, seededRandom } from './client.ts';
import { killRepeatedly } from './killer.ts';
import { LONG, recordScenario, SEED } from './report.ts';
import { Stage } from './stage.ts';
import { Ledger, sendDecision, startInstance, transferInput, transferV2Steps } from './workload.ts';

/**
 * The v2 charts under SIGKILL. The other scenarios run v1 (their workload and the previous release
 * know only v1); here the servers run the latest version of every chart, and each transfer ends with
 * the signing step that does the most in one transaction: the signature by title, the register's
 * next number under its row lock, the PDF rendered and stored by digest, `issued[]` in the hashed
 * history entry.
 */
const INSTANCES = LONG ? 200 : 60;
const ROUNDS = LONG ? 6 : 3;
const KILLS = LONG ? 10 : 4;
const CLIENTS = 12;
const ISSUED_ON = '2026-03-02';
/** Start + SUBMIT + 2 × ROUNDS + CONFIRM, ISSUE_REFERRAL and four more steps per transfer. */
const PLANNED = INSTANCES * (1 + transferV2Steps(ROUNDS, ISSUED_ON).length);

let stage: Stage;
beforeAll(async () => {
  // No version held back: every start takes the newest chart.
  stage = await Stage.open('crash_v2', 1, { WORKFLOW_VERSIONS_UP_TO: '' });
});
afterAll(async () => stage?.close());

describe('v2 charts: server processes killed with SIGKILL while officers sign referrals', () => {
  it('keeps every decision once and numbers every referral once, gap-free, with its PDF in the chain', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const server = stage.servers[0]!;
    const random = seededRandom(SEED + 2);
    const client = new ChaosClient(() => server.url, { giveUpMs: 90_000 });
    const ledger = new Ledger();
    // Set when the clients are done (a flag object: the killer reads it while it changes).
    const load = { done: false };
    const { kills, done: killer } = killRepeatedly(server, client, random, {
      times: KILLS,
      planned: PLANNED,
      load,
    });

    const versions = new Set<number>();
    const started = Date.now();
    try {
      await eachLimited(
        Array.from({ length: INSTANCES }, (_, i) => i),
        CLIENTS,
        async () => {
          const id = await startInstance(client, ledger, 'p-an', 'member-transfer', transferInput);
          for (const step of transferV2Steps(ROUNDS, ISSUED_ON)) {
            const outcome = await sendDecision(client, ledger, id, step);
            if (typeof outcome.body['version'] === 'number') versions.add(outcome.body['version']);
          }
        },
      );
    } finally {
      load.done = true;
      await killer;
    }
    const elapsedMs = Date.now() - started;

    const verifier = await stage.db.verifier();
    try {
      const audit = await auditLedger(verifier.runtime, ledger);
      const documents = await verifier.db.query<{
        instance_id: string;
        serial: number;
        number: string;
        sha256: string;
        signer_title: string;
        in_chain: boolean;
        stored: boolean;
      }>(
        `select d.instance_id, d.serial, d.number, d.sha256, d.signer_title,
                exists (select 1 from history h
                         where h.instance_id = d.instance_id and h.seq = d.seq
                           and h.issued::text like '%' || d.sha256 || '%') as in_chain,
                exists (select 1 from attachment_blobs b where b.sha256 = d.sha256) as stored
           from issued_documents d order by d.serial`,
      );
      recordScenario('crash v2 (SIGKILL while signing)', {
        ...auditFigures(audit),
        referrals: documents.length,
        httpAttempts: client.stats.attempts,
        retriedRequests: client.stats.retried,
        serverErrors5xx: client.stats.failures.length,
        kills: kills.length,
        restartMsWorst: Math.max(...kills.map((kill) => kill.restartMs)),
        elapsedMs,
      });
      expect(kills).toHaveLength(KILLS);
      expect([...versions]).toEqual([2]);
      expect(client.stats.refused).toEqual([]);
      expect(audit).toMatchObject({
        sent: PLANNED,
        acknowledged: PLANNED,
        found: PLANNED,
        duplicates: 0,
        missing: [],
        mismatched: [],
        refusedButWritten: [],
        startProblems: [],
        instances: INSTANCES,
        unexplainedEntries: [],
        replayMismatches: [],
        chainBreaks: [],
      });
      // One referral per transfer, numbered 1…N in the base's register: a killed signing gave its
      // number back with its transaction, and a retried one did not take a second.
      expect(documents.map((doc) => doc.serial)).toEqual(Array.from({ length: INSTANCES }, (_, i) => i + 1));
      expect(new Set(documents.map((doc) => doc.instance_id)).size).toBe(INSTANCES);
      expect(documents.filter((doc) => !doc.in_chain || !doc.stored)).toEqual([]);
      expect(new Set(documents.map((doc) => doc.signer_title))).toEqual(
        new Set(['TM. BAN THƯỜNG VỤ – BÍ THƯ']),
      );
      const states = await verifier.db.query<{ state: string; n: string }>(
        'select state, count(*) as n from instances group by state order by state',
      );
      expect(states.map((row) => `${row.state}:${row.n}`)).toEqual([`completed:${INSTANCES}`]);
    } finally {
      await verifier.close();
    }
  });
});
