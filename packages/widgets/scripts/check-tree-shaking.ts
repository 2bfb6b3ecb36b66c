/**
 * A portal that imports one widget gets that widget, not the others: bundles the built package
 * (dist/, as published) the way a portal's bundler does — `sideEffects` honoured, React external —
 * importing one widget with the Provider, and fails when a module of another widget's machine, or
 * the English catalogue, is in the bundle. `pnpm --filter @doanflow/widgets check:tree-shaking`
 * (after `build`); `pnpm check:packages` runs it on every change.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const machines = {
  Inbox: 'Inbox/inbox.machine.js',
  ApprovalPanel: 'ApprovalPanel/approval.machine.js',
  Timeline: 'Timeline/timeline.machine.js',
  StartForm: 'StartForm/start-form.machine.js',
  ProgressDiagram: 'ProgressDiagram/progress.machine.js',
} as const;
const english = 'i18n/messages.en.js';

/** The package's modules a bundle keeps when an entry imports `names` from dist/index.js. */
async function keptModules(names: string[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'doanflow-tree-shaking-'));
  try {
    const entry = join(dir, 'entry.js');
    await writeFile(
      entry,
      `export { ${names.join(', ')} } from ${JSON.stringify(join(dist, 'index.js'))};\n`,
    );
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        lib: { entry, formats: ['es'], fileName: 'bundle' },
        rolldownOptions: { external: [/^react($|\/)/, /^react-dom($|\/)/] },
      },
    })) as Rolldown.RolldownOutput[];
    return output
      .flatMap((result) => result.output)
      .flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : []))
      .filter((id) => id.startsWith(dist))
      .map((id) => relative(dist, id));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const failures: string[] = [];
for (const widget of Object.keys(machines) as (keyof typeof machines)[]) {
  const kept = new Set(await keptModules(['DoanflowProvider', widget]));
  const found: string[] = [];
  if (!kept.has(machines[widget])) found.push(`${widget}: its own machine is missing, the check is broken`);
  for (const [other, machine] of Object.entries(machines)) {
    if (other !== widget && kept.has(machine)) found.push(`${widget} alone brings ${other}'s ${machine}`);
  }
  if (kept.has(english)) found.push(`${widget} alone brings the English catalogue (${english})`);
  failures.push(...found);
  if (found.length === 0) {
    console.log(
      `${widget} + DoanflowProvider: ${kept.size} of the package's modules, no other machine, no English`,
    );
  }
}
if (failures.length > 0) {
  console.error(`Tree-shaking check failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
