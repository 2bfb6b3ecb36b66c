import { Agent, request } from 'undici';
import { Latencies } from './stats.ts';

export const transferInput = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};

/** Vietnam's local date (UTC+7), as the engine's calendar counts it. */
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * Who walks a transfer out of its source base: the member, the source branch's secretary, the
 * source base's secretary (who signs the referral, numbered from that base's register).
 */
export interface Route {
  member: string;
  branchSecretary: string;
  baseSecretary: string;
}
/** The demo's: every referral from Đoàn xã Trà Đốc's register. */
const demoRoute: Route = { member: 'p-an', branchSecretary: 'p-binh', baseSecretary: 'p-hieu' };

/** One member transfer from SUBMIT to ACKNOWLEDGE, each step by the officer who holds the task. */
export const walk = (route: Route = demoRoute): { person: string; body: Record<string, unknown> }[] => [
  { person: route.member, body: { type: 'SUBMIT' } },
  {
    person: route.branchSecretary,
    body: {
      type: 'CONFIRM',
      payload: { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' },
      comment: 'Đã thu đoàn phí đến tháng 2',
    },
  },
  {
    person: route.baseSecretary,
    body: { type: 'ISSUE_REFERRAL', payload: { issuedOn: today() } },
  },
  { person: route.member, body: { type: 'PRESENT_REFERRAL' } },
  { person: 'p-nga', body: { type: 'ACCEPT', comment: 'Đồng ý tiếp nhận' } },
  { person: 'p-nga', body: { type: 'ASSIGN_BRANCH', payload: { branchId: 'cd-kdc-tayan' } } },
  { person: 'p-vy', body: { type: 'ACKNOWLEDGE' } },
];
export const STEPS = walk().length;

export interface Client {
  base: string;
  tokens: Record<string, string>;
}

/**
 * The load's HTTP client: undici's request() on keep-alive connections. The bench shares the
 * server's two cores, and fetch() (undici behind the WHATWG Request/Response objects) spent about
 * twice the CPU per request doing the same: what the load generator spends, the server loses.
 */
const agent = new Agent({ keepAliveTimeout: 30_000, connections: null });

async function call(
  client: Client,
  method: string,
  path: string,
  person: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const response = await request(`${client.base}${path}`, {
    dispatcher: agent,
    method: method as 'GET',
    headers: {
      authorization: `Bearer ${client.tokens[person]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.statusCode, json };
}
export { call };

export interface LevelResult {
  clients: number;
  ok: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  firstError: string | null;
  cpu?: Record<string, number>;
  /** PostgreSQL's WAL per request answered (wal.ts), where the bench read it. */
  wal?: import('./wal.ts').WalCounters;
  /** The server process's write system calls per request answered (cpu.ts, writeCalls). */
  writeCalls?: number;
  /** Signing steps' mean ms by phase in the server (render ahead, turn, locked), from its metrics. */
  signing?: Record<string, { meanMs: number; n: number }>;
  /** How the report names the level, where its clients alone do not say. */
  label?: string;
  /** Per event type of the walk (decision levels only): where the tail comes from. */
  steps?: StepLatency[];
}

export interface StepLatency {
  type: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function result(
  clients: number,
  latencies: Latencies,
  seconds: number,
  firstError: string | null,
): LevelResult {
  const s = latencies.summary();
  return {
    clients,
    ok: s.n,
    errors: latencies.errors,
    seconds,
    perSecond: s.n / seconds,
    p50: s.p50,
    p99: s.p99,
    max: s.max,
    firstError,
  };
}

/** `clients` concurrent loops starting member transfers as p-an, bounded by time and count. */
export async function runStarts(
  client: Client,
  clients: number,
  seconds: number,
  maxCount: number,
  created: string[],
  /** Transfers out of several bases (a route per start, in turn); the demo's by default. */
  spread?: { routes: readonly (Route & { sourceBranchId: string })[]; routeOf: Map<string, Route> },
): Promise<LevelResult> {
  const latencies = new Latencies(maxCount);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let issued = 0;
  let firstError: string | null = null;
  const loop = async () => {
    while (performance.now() < deadline && issued < maxCount && latencies.errors < 100) {
      issued += 1;
      const route = spread?.routes[issued % spread.routes.length];
      const t0 = performance.now();
      const answer = await call(client, 'POST', '/instances', route?.member ?? 'p-an', {
        workflowId: 'member-transfer',
        input: route
          ? { ...transferInput, memberId: route.member, sourceBranchId: route.sourceBranchId }
          : transferInput,
      });
      const ms = performance.now() - t0;
      if (answer.status === 201) {
        latencies.add(ms);
        created.push(answer.json.id);
        if (route) spread!.routeOf.set(answer.json.id, route);
      } else {
        latencies.errors += 1;
        firstError ??= `${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return result(clients, latencies, (performance.now() - started) / 1000, firstError);
}

/** Idempotency-Keys of this bench process, unique across its levels. */
let keySeq = 0;

/**
 * `clients` concurrent officers' portals: each takes the next waiting instance and walks it through
 * the seven decisions, one request at a time; stops at the deadline, the count, or when no instance
 * is left. Latency is per decision.
 */
export async function runDecisions(
  client: Client,
  clients: number,
  seconds: number,
  maxDecisions: number,
  queue: string[],
  options: { idempotencyKeys?: boolean; routeOf?: Map<string, Route> } = {},
): Promise<LevelResult & { ranOut: boolean }> {
  const latencies = new Latencies(maxDecisions);
  const perStep = new Map(walk().map((step) => [step.body['type'] as string, new Latencies(maxDecisions)]));
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let issued = 0;
  let ranOut = false;
  let firstError: string | null = null;
  const loop = async () => {
    while (performance.now() < deadline && issued < maxDecisions && latencies.errors < 100) {
      const id = queue.shift();
      if (!id) {
        ranOut = true;
        return;
      }
      // A decision names the revision it was taken on (a new instance is at 1), as a portal does.
      let revision = 1;
      for (const step of walk(options.routeOf?.get(id))) {
        if (performance.now() >= deadline || issued >= maxDecisions) return;
        issued += 1;
        const headers: Record<string, string> = options.idempotencyKeys
          ? { 'idempotency-key': `bench-${process.pid}-${(keySeq += 1)}` }
          : {};
        const t0 = performance.now();
        const body = { ...step.body, expectedRevision: revision };
        const answer = await call(client, 'POST', `/instances/${id}/events`, step.person, body, headers);
        const ms = performance.now() - t0;
        if (answer.status === 200) {
          latencies.add(ms);
          perStep.get(step.body['type'] as string)!.add(ms);
          revision = answer.json.revision as number;
        } else {
          latencies.errors += 1;
          firstError ??= `${step.body['type']} → ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`;
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const steps = [...perStep].map(([type, l]) => {
    const s = l.summary();
    return { type, n: s.n, p50: s.p50, p99: s.p99, max: s.max };
  });
  return { ...result(clients, latencies, (performance.now() - started) / 1000, firstError), ranOut, steps };
}
