// Runs the project's pinned pnpm with the given arguments (`node scripts/pnpm.mjs run demo`), so that
// `npm start` / `npm test` need nothing but Node ≥ 18 and npm: the pnpm running this script or the one
// on PATH when it is the pinned version, else the pinned version through npx (npm fetches it once into
// its cache) — no global install, no corepack. Plain JavaScript for any Node ≥ 18: it runs before
// anything is installed. (pnpm pins through package.json's "packageManager" fail on this registry
// mirror, see /work/shared/STACK.md: the pin lives here.)
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

const PNPM_VERSION = '12.21.0';

const windows = process.platform === 'win32';

/** The command (and leading arguments) that runs the pinned pnpm. */
function pinnedPnpm() {
  // Started by pnpm itself (`pnpm start`): the same binary, when it is the pinned version.
  const agent = process.env.npm_config_user_agent ?? '';
  const execPath = process.env.npm_execpath;
  if (agent.startsWith(`pnpm/${PNPM_VERSION} `) && execPath) {
    return /\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: windows });
  if (onPath.status === 0 && onPath.stdout.trim() === PNPM_VERSION) return ['pnpm'];
  // An exact version: the cached copy needs no registry round trip.
  return ['npx', '--yes', '--prefer-offline', `pnpm@${PNPM_VERSION}`];
}

const [command, ...leading] = pinnedPnpm();
const child = spawn(command, [...leading, ...process.argv.slice(2)], { stdio: 'inherit', shell: windows });

// A supervisor's signal reaches the whole chain (a terminal's Ctrl-C already reaches the group).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error(`could not run pnpm ${PNPM_VERSION} (${command}): ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
