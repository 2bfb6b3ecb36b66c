/**
 * A project outside the workspace, as a portal's or a host's developer starts one: the template's
 * files copied into a temporary folder, a package.json naming the packed tarballs, `pnpm install`
 * from the machine's store (the registry only for what the store lacks).
 */
import { execFile } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../../scripts/packaging/workspace-packages.ts';

const run = promisify(execFile);

/**
 * This process's environment without what the workspace's pnpm and Vitest set (npm_*, PNPM_*,
 * VITEST*, NODE_ENV=test, NODE_OPTIONS) and without the workspace's binaries on PATH — only its
 * Node 24 — so the consumer's commands run with the consumer's own tools, as in a shell of its own.
 */
export function outsideEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|VITEST|NODE_ENV$|NODE_OPTIONS$)/i.test(key)) continue;
    env[key] = value;
  }
  const path = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => !dir.startsWith(repositoryRoot));
  return { ...env, PATH: [dirname(process.execPath), ...path].join(delimiter), ...extra };
}

export interface ConsumerProject {
  dir: string;
  /** Runs a command in the project; rejects with its output when it fails. */
  exec(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string>;
}

export async function createConsumerProject(options: {
  template: string;
  dir: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** Packages a dependency names that come from a tarball too (a registry would serve them). */
  overrides?: Record<string, string>;
}): Promise<ConsumerProject> {
  const { dir } = options;
  await cp(options.template, dir, { recursive: true });
  const manifest = {
    name: `consumer-${dir.split('/').pop()}`,
    private: true,
    type: 'module',
    dependencies: options.dependencies,
    devDependencies: options.devDependencies,
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // pnpm 12 runs no install script unless allowed (the same two the workspace allows).
  const overrides = Object.entries(options.overrides ?? {}).map(([name, spec]) => `  '${name}': '${spec}'\n`);
  await writeFile(
    join(dir, 'pnpm-workspace.yaml'),
    'allowBuilds:\n  esbuild: true\n  msgpackr-extract: true\n' +
      (overrides.length > 0 ? `overrides:\n${overrides.join('')}` : ''),
  );
  const exec = async (command: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    try {
      const { stdout, stderr } = await run(command, args, {
        cwd: dir,
        env: outsideEnv(env),
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout + stderr;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`${command} ${args.join(' ')} failed in ${dir}:\n${stdout}${stderr}`, { cause: error });
    }
  };
  await exec('pnpm', ['install', '--prefer-offline', '--reporter=append-only']);
  return { dir, exec };
}
