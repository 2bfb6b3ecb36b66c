import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERVER_DIR } from './processes.ts';

const run = promisify(execFile);

/** The release before this one: its tag, and the commit it was cut from (for clones without tags). */
export const PREVIOUS_RELEASE = { tag: 'v0.1.0', commit: 'a9a221e' };

export interface ReleaseCheckout {
  /** What was checked out: `v0.1.0 (a9a221e…)`. */
  label: string;
  /** Its packages/server, to run `src/main.ts` and `db:migrate` from. */
  serverDir: string;
  /** How long the checkout and the install took. */
  preparedMs: number;
  dispose(): void;
}

async function git(args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd: SERVER_DIR, maxBuffer: 1 << 20 });
  return stdout.trim();
}

/** The tag's commit, else the commit itself; a clear error when the clone has neither. */
async function resolveRelease(): Promise<{ label: string; commit: string }> {
  for (const ref of [PREVIOUS_RELEASE.tag, PREVIOUS_RELEASE.commit]) {
    const commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
    if (commit) return { label: `${ref} (${commit.slice(0, 12)})`, commit };
  }
  throw new Error(
    `the previous release ${PREVIOUS_RELEASE.tag} (commit ${PREVIOUS_RELEASE.commit}) is not in this clone: ` +
      `fetch it (git fetch --tags origin, or a clone without --depth) to run the upgrade test`,
  );
}

/**
 * The previous release in a temporary folder (`git archive` of its commit: the repository's own
 * worktrees are left alone), its dependencies linked from the pnpm store without the network when
 * the store has them (the lockfile pins the same packages as today's, give or take).
 */
export async function checkOutPreviousRelease(): Promise<ReleaseCheckout> {
  const started = Date.now();
  const { label, commit } = await resolveRelease();
  const root = mkdtempSync(join(tmpdir(), 'doanflow-release-'));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  try {
    // From the top: run in a subfolder, git archive takes only that subfolder.
    const top = await git(['rev-parse', '--show-toplevel']);
    await run('sh', ['-c', `git archive --format=tar ${commit} | tar -x -C "${root}"`], { cwd: top });
    const install = (offline: boolean) =>
      run(
        'pnpm',
        [
          'install',
          '--frozen-lockfile',
          ...(offline ? ['--offline'] : []),
          '--filter',
          '@doanflow/server...',
          '--reporter=silent',
        ],
        { cwd: root, timeout: 300_000, env: { ...process.env, CI: '1' } },
      );
    await install(true).catch(() => install(false));
    return { label, serverDir: join(root, 'packages/server'), preparedMs: Date.now() - started, dispose };
  } catch (error) {
    dispose();
    throw new Error(`could not prepare ${label}: ${(error as Error).message}`, { cause: error });
  }
}
