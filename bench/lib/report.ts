import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { median, ratios, type PeerRound } from './peer-rounds.ts';
import { RESULTS } from './env.ts';
import type { LevelResult, StepLatency } from './http-load.ts';
import type { BulkFigures, InboxFigures } from './inbox.ts';
import { fasterAt16, type PgbenchResult } from './pgbench.ts';
import type { PgliteFigures } from './pglite.ts';
import type { StatementFigures, StatementShare } from './statements.ts';
import type { RowUpdates } from './row-updates.ts';
import { timerSummaryRows, timersSection } from './timers-report.ts';
import type { TimerFigures } from './timers.ts';
import { uploadsSection, type UploadFigures } from './uploads.ts';
import { documentsSection, type DocumentFigures } from './documents.ts';
import { reportsSection, type ReportFigures } from './reports.ts';
import { fmt, int } from './stats.ts';
import { formatShare } from './cpu.ts';
import { phasesSection, type PhaseFigures } from './profile.ts';
import { limitsSection, P99_MS, SHARE_OF_PGBENCH } from './limits.ts';
import {
  medianRound,
  pgbenchRoundsFigure,
  pgbenchRoundsMet,
  pgbenchRoundsSection,
} from './pgbench-rounds.ts';

export interface Report {
  date: string;
  machine: Record<string, string | number>;
  settings: Record<string, string | number>;
  starts?: LevelResult;
  decisions: (LevelResult & { idempotencyKeys: boolean; ranOut: boolean })[];
  pgbench?: PgbenchResult;
  phases?: PhaseFigures;
  startPhases?: PhaseFigures;
  groupCommitAB?: { name: string; rounds: LevelResult[]; spreadRounds?: LevelResult[]; commits: number }[];
  bulk?: BulkFigures;
  inbox?: InboxFigures;
  memory: MemoryRow[];
  totalSeconds?: number;
  native?: LevelResult;
  pglite?: PgliteFigures;
  timers?: TimerFigures;
  uploads?: UploadFigures;
  documents?: DocumentFigures;
  /** The DBOS peer, in rounds alternated with our own levels (peer-rounds.ts). */
  peerRounds?: PeerRound[];
  reports?: ReportFigures;
  /** PostgreSQL's statements per decision at 16 clients (pg_stat_statements, where loaded). */
  statements?: StatementFigures;
  /** The instances' row updates over the starts and decisions, and those heap-only (row-updates.ts). */
  instanceUpdates?: RowUpdates;
}

const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');

export function render(r: Report): string {
  const m = r.machine;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(
    '# doanflow performance figures',
    '',
    `Written by \`pnpm bench\` (bench/run.ts) on ${r.date.slice(0, 10)} at ${r.date.slice(11, 16)} UTC; the whole run took ${fmt(r.totalSeconds ?? NaN, 0)} s.`,
    '',
    `Machine: ${m['nproc']} cores (${m['cpu']}), ${m['memoryGiB']} GiB memory, ${m['os']}; PostgreSQL ${m['postgres']} (${m['pgbench']}), Redis ${m['redis']}, Node ${m['node']}.`,
    `Everything on this one machine: PostgreSQL, Redis, the server (a child process, as the server package's \`serve\` script runs it: built by \`tsc -b\`, then \`node --max-semi-space-size=8 --conditions=doanflow-dist dist/main.js\`, compiled JavaScript without Node's type stripper; NODE_ENV=production, LOG_LEVEL=warn, rate limiter on with RATE_LIMIT_MAX raised) and the load generator (undici's request() on keep-alive connections, 127.0.0.1) share the ${m['nproc']} cores.`,
    `Database \`${r.settings['db']}\` created for the run and dropped after it; Redis \`${r.settings['redis']}\` (keys \`doanflow:*\` deleted after). Levels last ${r.settings['levelSeconds']} s each.`,
    '',
  );

  const d16 = r.decisions.find((d) => d.clients === 16 && !d.idempotencyKeys && !d.label);
  const pgbench16 = r.pgbench ? fasterAt16(r.pgbench)?.level : undefined;
  const ceiling = pgbench16?.tps ?? NaN;
  const inboxWorst = Math.max(...(r.inbox?.cases.map((c) => c.p99) ?? [NaN]));
  const worstCase = r.inbox?.cases.find((c) => c.p99 === inboxWorst);
  const inboxTypical = Math.max(
    ...(r.inbox?.cases.filter((c) => !c.person.startsWith('p-ha')).map((c) => c.p99) ?? [NaN]),
  );
  const rssMax = Math.max(...r.memory.map((x) => x.hwm));
  const totalMax = Math.max(...r.memory.map((x) => x.total ?? NaN));
  const rss16 = r.memory.find((x) => x.phase === 'after decisions, 16 clients');
  const rounds = r.pgbench?.rounds;
  const firstLevels = `${int(d16?.perSecond ?? NaN)}/s = ${fmt((100 * (d16?.perSecond ?? NaN)) / ceiling, 0)}% of ${int(ceiling)} tps`;
  const firstLevelsMet = (d16?.perSecond ?? 0) >= SHARE_OF_PGBENCH * ceiling;
  const p99Met = (d16?.p99 ?? Infinity) <= P99_MS;
  const databaseP99 = pgbench16
    ? `; pgbench alone, the same transaction at 16 clients: ${fmt(pgbench16.p99)} ms`
    : '';
  push(
    '## Summary against the targets',
    '',
    '| target | figure | verdict |',
    '|---|---|---|',
    rounds?.length
      ? `| decisions/s ≥ 50% of pgbench at 16 clients | ${pgbenchRoundsFigure(rounds, firstLevels)} | ${verdict(pgbenchRoundsMet(rounds))} |`
      : `| decisions/s ≥ 50% of pgbench at 16 clients | ${firstLevels} (the faster pgbench variant) | ${verdict(firstLevelsMet)} |`,
    `| decision p99 ≤ ${P99_MS} ms at 16 clients | ${fmt(d16?.p99 ?? NaN)} ms${databaseP99} | ${verdict(p99Met)} |`,
    `| starts ≥ 1,000/s (issue 5) | ${int(r.starts?.perSecond ?? NaN)}/s | ${verdict((r.starts?.perSecond ?? 0) >= 1000)} |`,
    `| inbox p99 ≤ 10 ms at ${int(r.bulk?.instances ?? NaN)} instances | base officers: ${fmt(inboxTypical, 2)} ms; the worst of ${r.inbox?.cases.length ?? 0} cases: ${fmt(inboxWorst, 2)} ms (${worstCase ? `${worstCase.person}, ${worstCase.query}` : '–'}) | ${verdict(inboxWorst <= 10)} |`,
    `| server RSS ≤ 200 MB, flat in waiting instances | server peak ${fmt(rssMax, 0)} MiB; with render processes, highest reading ${fmt(totalMax, 0)} (see Memory) | ${verdict(rssMax <= 200)} |`,
    ...(rss16
      ? [
          `| server RSS after 16-client decisions ≤ 256 MiB (issue 15) | server ${fmt(rss16.rss, 0)} MiB; render processes ${fmt((rss16.total ?? rss16.rss) - rss16.rss, 0)} more (they exit when idle) | ${verdict(rss16.rss <= 256)} |`,
        ]
      : []),
    ...(r.timers ? timerSummaryRows(r.timers) : []),
    ...(r.peerRounds?.length ? peerSummaryRows(r.peerRounds) : []),
    '',
  );
  // Worked out on the median round where there are rounds: its two sides ran minutes apart at most.
  const middle = rounds?.length ? medianRound(rounds) : undefined;
  const fasterPgbench = middle?.pgbench ?? pgbench16;
  const limitedLevel = middle?.decisions ?? d16;
  const ratioMet = rounds?.length ? pgbenchRoundsMet(rounds) : firstLevelsMet;
  if (limitedLevel && !(ratioMet && p99Met))
    push(
      ...limitsSection({
        cores: Number(m['nproc']),
        level: limitedLevel,
        pgbench: fasterPgbench,
        phases: r.phases,
        source: middle
          ? 'the median round of decisions and pgbench alternated'
          : "this run's 16-client level",
      }),
    );
  if (r.peerRounds?.length) push(...peerSection(r.peerRounds, r.settings['levelSeconds']));
  if (rounds?.length) push(...pgbenchRoundsSection(rounds, r.settings['levelSeconds']));

  push(
    '## Decisions over HTTP',
    '',
    "Each client is an officer's portal walking member transfers (started by the starts phase) through SUBMIT → CONFIRM → ISSUE_REFERRAL → PRESENT_REFERRAL → ACCEPT → ASSIGN_BRANCH → ACKNOWLEDGE, each step as the officer who holds the task (p-an, p-binh, p-hieu, p-an, p-nga, p-nga, p-vy), one request at a time: `POST /instances/:id/events` with a Bearer JWT. Every 200 answer is a committed transaction (lock, engine step, one write statement, commit) plus the BullMQ wake-up changes after commit.",
    '',
    "| clients | decisions/s | p50 ms | p99 ms | max ms | decisions | errors | pgbench tps (server statement) | HTTP / pgbench | cores busy (of the machine's) |",
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  const server = r.pgbench?.variants[0];
  for (const d of r.decisions) {
    const pgb = server?.levels.find((l) => l.clients === d.clients)?.tps ?? NaN;
    push(
      `| ${d.label ?? `${d.clients}${d.idempotencyKeys ? ' (with Idempotency-Key)' : ''}`} | ${int(d.perSecond)} | ${fmt(d.p50)} | ${fmt(d.p99)} | ${fmt(d.max)} | ${int(d.ok)} | ${d.errors} | ${int(pgb)} | ${fmt((100 * d.perSecond) / pgb, 0)}% | ${formatShare(d.cpu)} |`,
    );
  }
  push('');
  push(...stepsTable(r.decisions));
  if (r.decisions.length > 0) push(...statementsTable(r.statements));
  if (r.instanceUpdates)
    push(
      `Instance row updates over the starts and decisions (pg_stat_user_tables): ${int(r.instanceUpdates.updates)}, of which ${fmt((100 * r.instanceUpdates.inPlace) / Math.max(r.instanceUpdates.updates, 1), 1)}% heap-only (on their page, no index entry: HOT).`,
      '',
    );
  if (r.starts) {
    push(
      '## Instance starts over HTTP',
      '',
      '| clients | starts/s | p50 ms | p99 ms | max ms | starts | errors | cores busy |',
      '|---:|---:|---:|---:|---:|---:|---:|---|',
      `| ${r.starts.clients} | ${int(r.starts.perSecond)} | ${fmt(r.starts.p50)} | ${fmt(r.starts.p99)} | ${fmt(r.starts.max)} | ${int(r.starts.ok)} | ${r.starts.errors} | ${formatShare(r.starts.cpu)} |`,
      '',
    );
  }
  if (r.pgbench) {
    push(
      '## The same transaction by pgbench',
      '',
      `pgbench ${'-M extended'} on the server's tables (created by its migration), ${int(r.pgbench.rows)} instance rows of their own carrying the walk's real ${int(r.pgbench.snapshotBytes)}-byte snapshot; the step is ACCEPT (destinationBase → branchAssignment) with its real task, history, timer and outbox rows as JSON literals parsed by PostgreSQL, as the server sends them.`,
      '',
    );
    for (const v of r.pgbench.variants) {
      push(
        `**${v.name}**: ${v.description}.`,
        '',
        '| clients | tps | p50 ms | p99 ms | transactions | failed | cores busy |',
        '|---:|---:|---:|---:|---:|---:|---|',
      );
      for (const l of v.levels)
        push(
          `| ${l.clients} | ${int(l.tps)} | ${fmt(l.p50, 2)} | ${fmt(l.p99, 2)} | ${int(l.transactions)} | ${l.failed} | ${formatShare(l.cpu)} |`,
        );
      push('');
    }
  }
  if (r.bulk && r.inbox) {
    const b = r.bulk;
    push(
      '## Inbox at scale',
      '',
      `Loaded straight into the server's tables with generate_series in ${fmt(b.seconds, 0)} s: ${int(b.instances)} member-transfer instances (${int(b.active)} waiting, the rest completed; real ~2 KB snapshots from the walk), ${int(b.tasks)} open task rows (the walk's real rows per state, spread over 300 bases / 3,000 branches of a province added to the demo directory, members with Vietnamese names, folded search text as the server builds it), ${int(b.timers)} pending timers. Sizes: ${Object.entries(
        b.tableSizes,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
      `The server rebuilt the wake-ups of the ${int(r.inbox.reconcile.timers)} pending timers in ${fmt(r.inbox.reconcile.seconds ?? NaN, 1)} s before the timings below.${r.inbox.vacuumed ? " This machine's PostgreSQL runs with autovacuum off, so the bench ran VACUUM ANALYZE on the tasks table first, as autovacuum would have (the server's housekeeping does it every 10 minutes where autovacuum is off): every decision deletes and reinserts task rows, and without it a busy base's inbox read ~45,000 dead index entries (~23 ms p50 for the demo base officer in the previous run)." : ''} The bulk load's writes were then flushed: CHECKPOINT took ${fmt(r.inbox.flushed.checkpointSeconds, 1)} s and the kernel's writeback ${fmt(r.inbox.flushed.drainSeconds, 0)} s more. Without it, the checkpoint the load started (spread over minutes) and the kernel's writeback of it ran under the timings and slowed them (stop 37 in the analysis above).`,
      '',
      'Sequential `GET /inbox` by one officer (first page = `limit=20`), over HTTP with a Bearer JWT:',
      '',
      '| officer | query | p50 ms | p99 ms | max ms | requests | tasks matched |',
      '|---|---|---:|---:|---:|---:|---:|',
    );
    for (const c of r.inbox.cases)
      push(
        `| ${c.who} | ${c.query} | ${fmt(c.p50, 2)} | ${fmt(c.p99, 2)} | ${fmt(c.max, 2)} | ${c.n} | ${int(c.total ?? NaN)} |`,
      );
    const d = r.inbox.deadlines;
    push(
      '',
      `The notifier's deadline scan over the same tasks (notifications/deadline-scan.ts, timed in the bench process): the whole window of deadlines within two working days or passed within 7 days, which every minute's scan read before, is ${int(d.full.rows)} rows in ${fmt(d.full.sqlMs, 1)} ms and ${int(d.full.candidates)} candidates in ${fmt(d.full.candidatesMs, 1)} ms of the main thread; a minute later the narrow scan reads ${int(d.narrow.rows)} rows in ${fmt(d.narrow.sqlMs, 1)} ms.`,
    );
    push('', '### EXPLAIN ANALYZE of the inbox statement (runner/inbox.ts, as the server sends it)', '');
    push(
      "The statement alone (15 runs on one connection, p50 / max ms): as the server now sends it, and in the form before task rows carried unit paths (every (role, unit) pair below the caller's units sent as JSON — ~10,000 for a province officer, parsed by PostgreSQL on every call):",
      '',
      '| case | now p50 | now max | before p50 | before max |',
      '|---|---:|---:|---:|---:|',
    );
    for (const e of r.inbox.explains) {
      push(
        `| ${e.title} | ${fmt(e.sql.now.p50, 2)} | ${fmt(e.sql.now.max, 2)} | ${fmt(e.sql.before?.p50 ?? NaN, 2)} | ${fmt(e.sql.before?.max ?? NaN, 2)} |`,
      );
    }
    push('');
    for (const e of r.inbox.explains) push(`**${e.title}**`, '', '```', e.plan, '```', '');
    const legacy = r.inbox.explains.find((e) => e.legacyPlan);
    if (legacy)
      push(
        `**Before unit paths: ${legacy.title}** (the pairs below sent as JSON)`,
        '',
        '```',
        legacy.legacyPlan!,
        '```',
        '',
      );
  }
  if (r.groupCommitAB) push(...groupCommitSection(r.groupCommitAB));
  if (r.startPhases) push(...phasesSection(r.startPhases));
  if (r.phases) push(...phasesSection(r.phases));
  push(
    '## Memory of the server process',
    '',
    "VmRSS (and VmHWM, the peak so far) from /proc/<pid>/status of the server child (all its threads), and VmRSS of its render processes (Typst's memory; they exit when idle) summed; the total is both. The main thread's V8 heap (used, and reserved: \"total\") and external memory (Buffers, ArrayBuffers) from its GET /metrics. Server CPU includes its render processes' (live, and exited ones through the server's cutime).",
    '',
    ...memoryTable(r.memory),
  );
  push('');
  if (r.native) {
    push(
      `Restarted on the loaded database, 16 clients for ${fmt(r.native.seconds, 0)} s: ${int(r.native.perSecond)} decisions/s, p50 ${fmt(r.native.p50)} ms, p99 ${fmt(r.native.p99)} ms; cores busy: ${formatShare(r.native.cpu)}.`,
      '',
    );
  }
  if (r.timers) push(...timersSection(r.timers));
  if (r.uploads) push(...uploadsSection(r.uploads));
  if (r.documents) push(...documentsSection(r.documents));
  if (r.reports) push(...reportsSection(r.reports, r.bulk?.instances ?? NaN));
  if (r.pglite) push(...pgliteSection(r.pglite, r));
  return lines.join('\n');
}

/** The embedded database's figures, next to PostgreSQL's where this run has them. */
function pgliteSection(p: PgliteFigures, r: Report): string[] {
  const b = p.bulk;
  const d = p.directoryImport;
  const postgres = (clients: number) => r.decisions.find((x) => x.clients === clients && !x.idempotencyKeys);
  const row = (what: string, l: LevelResult, pg: LevelResult | undefined) =>
    `| ${what} | ${l.clients} | ${int(l.perSecond)} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${int(l.ok)} | ${l.errors} | ${pg ? `${int(pg.perSecond)}/s, p99 ${fmt(pg.p99)} ms` : '–'} | ${formatShare(l.cpu)} |`;
  return [
    '## PGlite (embedded database)',
    '',
    `The same server without DATABASE_URL: PostgreSQL compiled to WebAssembly (PGlite) inside the server process, in a fresh temporary DOANFLOW_DATA_DIR deleted after the run; timers on BullMQ at \`${p.redis}\`. A new folder has an empty directory in which nobody may import, so the bench writes the demo directory into it with the server's own openDatabase (which applies the migrations); the server then started in ${fmt(p.startMs.fresh / 1000)} s and took the province's directory over HTTP as the demo secretariat officer (\`PUT /directory\`: ${int(d.units)} units, ${int(d.people)} people, ${int(d.bindings)} bindings in ${int(d.ms)} ms). The server's CPU below includes the database's.`,
    '',
    '| run | clients | per second | p50 ms | p99 ms | max ms | requests | errors | PostgreSQL in this run | cores busy |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
    row('starts', p.starts, r.starts),
    ...p.decisions.map((l) => row('decisions', l, postgres(l.clients))),
    '',
    `**Inbox at a smaller size.** ${int(b.instances)} member transfers (${int(b.active)} waiting; ${int(b.allInstances)} instances with the ones started over HTTP), ${int(b.tasks)} open tasks and ${int(b.timers)} pending timers, loaded in ${fmt(b.seconds, 0)} s by the PostgreSQL run's generate_series statements while the server was stopped (only one process may open a PGlite folder); folder ${int(b.dataDirMiB)} MiB (${Object.entries(
      b.tableSizes,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}). A tenth of the PostgreSQL run, in the same proportions (~7% waiting, ~1 open task per 10 instances): the embedded mode is for one small deployment on one machine, and every statement — the bulk load, vacuum, each request's queries — runs on the server's single thread, one transaction at a time, with PGlite's memory inside the server's RSS; at this size the load and the restart take seconds and the folder ~4 MiB per 1,000 instances. Restarted on the loaded folder in ${fmt(p.startMs.loaded / 1000)} s (the reconciler enqueues the pending timers before listening). Sequential \`GET /inbox\` by one officer (cores busy meanwhile: ${formatShare(p.inboxCpu)}):`,
    '',
    '| officer | query | p50 ms | p99 ms | max ms | requests | tasks matched |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...p.inbox.map(
      (c) =>
        `| ${c.who} | ${c.query} | ${fmt(c.p50, 2)} | ${fmt(c.p99, 2)} | ${fmt(c.max, 2)} | ${c.n} | ${int(c.total ?? NaN)} |`,
    ),
    '',
    'Memory of the PGlite server (VmRSS and VmHWM of the child; V8 heap and external memory from its /metrics):',
    '',
    ...memoryTable(p.memory),
    '',
  ];
}

/** What people wrote into RESULTS.md between these lines: analysis a new run keeps (after its summary). */
const ANALYSIS_START = '<!-- analysis: kept by pnpm bench -->';
const ANALYSIS_END = '<!-- end of analysis -->';

function keptAnalysis(path: string): string | null {
  if (!existsSync(path)) return null;
  const old = readFileSync(path, 'utf8');
  const start = old.indexOf(ANALYSIS_START);
  const end = old.indexOf(ANALYSIS_END, start);
  return start === -1 || end === -1 ? null : old.slice(start, end + ANALYSIS_END.length);
}

export function writeReport(r: Report, path = RESULTS): void {
  let text = render(r);
  const analysis = keptAnalysis(path);
  if (analysis) {
    // After the summary (the first section that follows it).
    const at = text.indexOf('\n## ', text.indexOf('## Summary against the targets') + 1);
    text = at === -1 ? `${text}\n${analysis}\n` : `${text.slice(0, at)}\n${analysis}\n${text.slice(at)}`;
  }
  writeFileSync(path, text);
  console.log(`\n${text}`);
}

/** Issue 15's targets against the peer: the median of the rounds' ratios, each round's beside it. */
function peerSummaryRows(rounds: PeerRound[]): string[] {
  const each = rounds.map(ratios);
  const list = (pick: (r: ReturnType<typeof ratios>) => number) =>
    each.map((r) => `${fmt(pick(r), 2)}×`).join(', ');
  const decisions = median(each.map((r) => r.decisions));
  const starts = median(each.map((r) => r.starts));
  const ours = (pick: (r: PeerRound) => number) => int(median(rounds.map(pick)));
  return [
    `| decisions ≥ 2× the DBOS peer (16 in flight; the median of ${rounds.length} alternated rounds) | ${fmt(decisions, 2)}× (rounds ${list((r) => r.decisions)}); medians ${ours((r) => r.decisions.perSecond)}/s against ${ours((r) => r.peer.decisions.perSecond)} approvals/s, p99 ${fmt(median(rounds.map((r) => r.decisions.p99)))} against ${fmt(median(rounds.map((r) => r.peer.decisions.p99)))} ms | ${verdict(decisions >= 2)} |`,
    `| starts ≥ 2× the DBOS peer (the same rounds) | ${fmt(starts, 2)}× (rounds ${list((r) => r.starts)}); medians ${ours((r) => r.starts.perSecond)}/s against ${ours((r) => r.peer.starts.perSecond)}/s | ${verdict(starts >= 2)} |`,
  ];
}

function peerSection(rounds: PeerRound[], levelSeconds: string | number | undefined): string[] {
  const { engine } = rounds[0]!.peer;
  const rss = rounds.map((r) => fmt(r.peer.rssMiB, 0)).join(', ');
  return [
    '## Peer: DBOS Transact on the same PostgreSQL',
    '',
    `${engine}, run by bench/peers/dbos in a child process against a database of its own on the same server. Its workflow records the request (a step), waits on \`recv\`, and records the decision (a step); an approval is \`send\` until the workflow has finished. No HTTP, no auth, no engine, tasks or history: the durable-execution floor of one approval. RSS at its end: ${rss} MiB.`,
    '',
    `One level of each side moves by up to a fifth from one run to the next on this machine, so the comparison is made in ${rounds.length} rounds, after the other decision levels in a full run: in each, our starts and decisions at 16 clients (${levelSeconds} s each, on the bench's server and database) and one run of the peer (its starts, then its approvals, 16 in flight), the order alternated. A round's ratio compares neighbours in time; the summary's verdict is the median round.`,
    '',
    '| round | first | our starts/s | peer starts/s | ratio | our decisions/s (p99 ms) | peer approvals/s (p50 / p99 ms) | ratio |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rounds.map((r, n) => {
      const ratio = ratios(r);
      return `| ${n + 1} | ${r.peerFirst ? 'peer' : 'doanflow'} | ${int(r.starts.perSecond)} | ${int(r.peer.starts.perSecond)} | ${fmt(ratio.starts, 2)}× | ${int(r.decisions.perSecond)} (${fmt(r.decisions.p99)}) | ${int(r.peer.decisions.perSecond)} (${fmt(r.peer.decisions.p50)} / ${fmt(r.peer.decisions.p99)}) | ${fmt(ratio.decisions, 2)}× |`;
    }),
    '',
  ];
}

const signingCell = (l: LevelResult) =>
  `${['render', 'turn', 'transaction'].map((phase) => fmt(l.signing?.[phase]?.meanMs ?? NaN)).join(' / ')}${l.signing?.['missed'] && l.signing['render']?.n ? ` (${l.signing['missed'].n} of ${l.signing['render'].n} guesses missed)` : ''}`;

/** What PostgreSQL's statements cost per decision: where its share of the machine goes. */
function statementsTable(figures: StatementFigures | undefined): string[] {
  if (!figures)
    return [
      "PostgreSQL's statements per decision: not read (PostgreSQL runs without pg_stat_statements in shared_preload_libraries; bench/README.md).",
      '',
    ];
  // A statement's own pipes (||) would end its table cell.
  const query = (text: string) =>
    (text.length > 110 ? `${text.slice(0, 110)}…` : text).replaceAll('|', '\\|');
  const row = (s: StatementShare) =>
    `| ${s.nested ? '(in a trigger) ' : ''}${query(s.query)} | ${fmt(s.calls, 2)} | ${fmt(s.execMs, 3)} | ${fmt((100 * s.execMs) / figures.total.execMs, 0)}% | ${int(s.walBytes)} |`;
  return [
    `PostgreSQL's statements at ${figures.clients} clients, per decision (pg_stat_statements of the bench database, the costliest ${figures.statements.length} by time): time is execution, waits for locks and the disk included. A statement a trigger ran is listed on its own only where pg_stat_statements.track = all, and its cost is also in the statement that fired it (the total counts it once).`,
    '',
    '| statement | calls | ms | share of the time | WAL bytes |',
    '|---|---:|---:|---:|---:|',
    ...figures.statements.map(row),
    row({ ...figures.total, query: '**all statements the server sent**' }),
    '',
  ];
}

/** p50/p99 per event type of the walk at each decision level: which step makes the tail. */
function stepsTable(levels: (LevelResult & { idempotencyKeys: boolean })[]): string[] {
  const withSteps = levels.filter((d) => d.steps?.length);
  if (withSteps.length === 0) return [];
  const types = withSteps[0]!.steps!.map((s) => s.type);
  const label = (d: LevelResult & { idempotencyKeys: boolean }) =>
    d.label ?? `${d.clients}${d.idempotencyKeys ? ' + keys' : ''}`;
  return [
    "Per step of the walk (p50 / p99 / max ms, each level), and the signing step's mean ms inside the server by phase (render: its PDF rendered before the lock, queue included; turn: behind the steps ahead in its register; transaction: its transaction, the register locked for its last statement and the commit — with DOCUMENT_RENDER_AHEAD=0 all of it under the lock, render and waits for the row lock included):",
    '',
    `| clients | ${types.join(' | ')} | signing: render / turn / transaction |`,
    `|---|${types.map(() => '---:').join('|')}|---|`,
    ...withSteps.map(
      (d) =>
        `| ${label(d)} | ${types
          .map((type) => {
            const s = d.steps!.find((x) => x.type === type);
            return s ? `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max, 0)}` : '–';
          })
          .join(' | ')} | ${signingCell(d)} |`,
    ),
    '',
  ];
}

/** Group commit on and off in alternating rounds (same database, same noise). */
/** One reading of the server's memory, MiB (heap figures absent where the run did not read them). */
export interface MemoryRow {
  phase: string;
  /** The server process alone. */
  rss: number;
  hwm: number;
  /** Its render processes' RSS, summed (absent in runs from before they were processes). */
  children?: number;
  total?: number;
  heapUsed?: number;
  heapTotal?: number;
  external?: number;
}

function memoryTable(rows: MemoryRow[]): string[] {
  return [
    '| when | server RSS MiB | server peak so far MiB | render processes RSS MiB | total RSS MiB | V8 heap used MiB | V8 heap total MiB | external MiB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (x) =>
        `| ${x.phase} | ${fmt(x.rss, 0)} | ${fmt(x.hwm, 0)} | ${fmt(x.children ?? NaN, 0)} | ${fmt(x.total ?? NaN, 0)} | ${fmt(x.heapUsed ?? NaN, 0)} | ${fmt(x.heapTotal ?? NaN, 0)} | ${fmt(x.external ?? NaN, 0)} |`,
    ),
  ];
}

function groupCommitSection(
  sides: { name: string; rounds: LevelResult[]; spreadRounds?: LevelResult[]; commits: number }[],
): string[] {
  const sum = (rounds: LevelResult[], pick: (l: LevelResult) => number) =>
    rounds.reduce((total, l) => total + pick(l), 0);
  const lines = [
    `## Two servers alternated: ${sides.map((side) => side.name).join(' / ')}`,
    '',
    "Two server processes started for these rounds (BENCH_AB_FRESH=0: the first is the bench's server, which ran every level before) on the same database (by default one with group commit and one with `GROUP_COMMIT_WAIT_MS=0`; with BENCH_AB_NODE_FLAGS, the `serve` script's Node flags against those; with BENCH_AB_ENV, the default server against one with those variables; with BENCH_AB_SERVER_DIR, against another checkout's server), each driven by " +
      (sides[0]?.rounds[0]?.clients ?? 16) +
      ' clients in turn (' +
      (sides[0]?.rounds.length ?? 4) +
      " rounds each, the order alternating; with BENCH_AB_SPREAD=1 each round also walks transfers out of several bases), so both see the machine's other work alike. Server CPU per decision = the server process's cores × seconds / decisions (from /proc; its render processes included). Write calls per decision: the server process's write system calls (/proc/<pid>/io, syscw; to PostgreSQL, clients, Redis and render processes alike) / decisions. Commits per decision: PostgreSQL's own count (pg_stat_database.xact_commit of the bench database over the rounds, including the reads' and announcements' implicit transactions and both servers' background work) — the figure least disturbed by the machine's other work.",
    '',
    '| server | rounds (decisions/s) | decisions/s overall | p99 ms (worst round) | commits per decision | server CPU ms per decision | server write calls per decision | other work on the machine (cores, mean) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const side of sides) {
    const decisions = sum(side.rounds, (l) => l.ok);
    const seconds = sum(side.rounds, (l) => l.seconds);
    const core = (name: string) => sum(side.rounds, (l) => (l.cpu?.[name] ?? 0) * l.seconds);
    lines.push(
      `| ${side.name} | ${side.rounds.map((l) => int(l.perSecond)).join(', ')} | ${int(decisions / seconds)} | ${fmt(Math.max(...side.rounds.map((l) => l.p99)))} | ${fmt(side.commits / decisions, 2)} | ${fmt((1000 * core('server')) / decisions, 2)} | ${fmt(sum(side.rounds, (l) => (l.writeCalls ?? NaN) * l.ok) / decisions, 2)} | ${fmt(core('other') / seconds, 2)} |`,
    );
  }
  lines.push('');
  lines.push(...abStepsTable(sides));
  return lines;
}

/** Per side of the A/B: each round's p50/p99 of the signing step and of the others (ms). */
function abStepsTable(
  sides: { name: string; rounds: LevelResult[]; spreadRounds?: LevelResult[] }[],
): string[] {
  const signing = 'ISSUE_REFERRAL';
  const cell = (l: LevelResult) => {
    const steps = l.steps ?? [];
    const sign = steps.find((s) => s.type === signing);
    const others = steps.filter((s) => s.type !== signing);
    const worst = (pick: (s: StepLatency) => number) => Math.max(...others.map(pick));
    return `${int(l.perSecond)}/s; ${signing} ${fmt(sign?.p50 ?? NaN)} / ${fmt(sign?.p99 ?? NaN)}; others ≤ ${fmt(worst((s) => s.p50))} / ${fmt(worst((s) => s.p99))}; in the server ${signingCell(l)}`;
  };
  const rows = sides.flatMap((side) => [
    `| ${side.name}, one register | ${side.rounds.map(cell).join(' · ')} |`,
    ...(side.spreadRounds?.length
      ? [`| ${side.name}, referrals over several bases | ${side.spreadRounds.map(cell).join(' · ')} |`]
      : []),
  ]);
  if (!sides.some((side) => side.rounds.some((l) => l.steps?.length))) return [];
  return [
    'Per round: decisions/s; the signing step p50 / p99 ms; the other steps, worst type p50 / p99 ms; the signing step in the server, mean ms render / turn / transaction:',
    '',
    '| server, walk | rounds |',
    '|---|---|',
    ...rows,
    '',
  ];
}
