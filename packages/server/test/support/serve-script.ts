import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a `serve` script runs: an optional build command, then Node with its flags and entry file. */
export interface ServeCommand {
  build: string | null;
  /** Node's flags and the entry file, in order (`--max-semi-space-size=8 … dist/main.js`). */
  nodeArgs: string[];
}

/**
 * The `serve` script of a server package (`[build &&] node [--flags] <entry>`), as an operator's
 * process manager runs it. The chaos suite and the bench start their servers from it, so they test
 * and measure what `serve` runs; a previous release's checkout has its own (`node … src/main.ts`).
 */
function serveCommand(serverDir: string): ServeCommand {
  const { scripts } = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const serve = /^(?:(?<build>.+?)\s*&&\s*)?node(?<args>(?:\s+\S+)+)$/.exec(scripts['serve'] ?? '');
  if (!serve?.groups)
    throw new Error(`${serverDir}: no \`serve\` script of the form \`[build &&] node [--flags] <entry>\``);
  return { build: serve.groups['build'] ?? null, nodeArgs: serve.groups['args']!.trim().split(/\s+/) };
}

/**
 * Runs the script's build step in the package, as pnpm would: this Node first on PATH, then the
 * package's and the workspace root's `node_modules/.bin` (tsc). Incremental: ~1 s when nothing changed.
 */
function buildServer(serverDir: string, command: ServeCommand): void {
  if (!command.build) return;
  const path = [
    dirname(process.execPath),
    join(serverDir, 'node_modules/.bin'),
    join(serverDir, '../../node_modules/.bin'),
    process.env['PATH'] ?? '',
  ].join(':');
  execFileSync('sh', ['-c', command.build], {
    cwd: serverDir,
    env: { ...process.env, PATH: path },
    stdio: 'pipe',
  });
}

const built = new Map<string, ServeCommand>();

/** The package's `serve` command, its build step run once per package directory in this process. */
export function builtServeCommand(serverDir: string): ServeCommand {
  let command = built.get(serverDir);
  if (!command) {
    command = serveCommand(serverDir);
    buildServer(serverDir, command);
    built.set(serverDir, command);
  }
  return command;
}
