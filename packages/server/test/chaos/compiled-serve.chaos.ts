import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ChaosClient } from './client.ts';
import { scratchDir } from './processes.ts';
import { Stage } from './stage.ts';
import { Ledger, sendDecision, startInstance, transferInput, transferV2Steps } from './workload.ts';

/**
 * The server as `serve` runs it for an operator (issue 15, memory): compiled first, then plain
 * JavaScript — the server, the workspace packages it imports (`--conditions=doanflow-dist`) and
 * its render processes. Node's type stripper (a WebAssembly compiler, 16–25 MiB of the server's RSS
 * and 20–27 MiB of a render process's, never given back) is never loaded. Every other chaos
 * scenario runs its servers the same way; this one proves that nothing there is TypeScript.
 */
const scratch = scratchDir();
const loads = join(scratch.path, 'modules.txt');
let stage: Stage;
beforeAll(async () => {
  writeFileSync(loads, '');
  const hook = new URL('../support/record-module-files.mjs', import.meta.url).pathname;
  stage = await Stage.open('serve', 1, {
    WORKFLOW_VERSIONS_UP_TO: '',
    NODE_OPTIONS: `--import=${hook}`,
    DOANFLOW_MODULE_LOADS: loads,
  });
}, 180_000);
afterAll(async () => {
  await stage?.close();
  scratch.dispose();
});

describe('the server started by its serve script', () => {
  it('runs compiled JavaScript only, in the server and in the process that renders a signed referral', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const server = stage.servers[0]!;
    const client = new ChaosClient(() => server.url);
    const ledger = new Ledger();
    const id = await startInstance(client, ledger, 'p-an', 'member-transfer', transferInput);
    // Through the Bí thư's signature: a number from the register and a PDF from a render process.
    for (const step of transferV2Steps(0, '2026-03-02').slice(0, 3)) {
      const outcome = await sendDecision(client, ledger, id, step);
      expect({ step: step.type, status: outcome.status, body: outcome.body }).toMatchObject({ status: 200 });
    }
    const issued = await client.request({
      personId: 'p-hieu',
      method: 'GET',
      path: `/instances/${id}/issued-documents`,
    });
    expect(issued.body).toEqual([
      expect.objectContaining({ kind: 'transfer-referral', size: expect.any(Number) }),
    ]);

    const lines = readFileSync(loads, 'utf8').trim().split('\n').filter(Boolean);
    const byProcess = new Map<string, string[]>();
    for (const line of lines) {
      const [pid, url] = line.split(' ') as [string, string];
      byProcess.set(pid, [...(byProcess.get(pid) ?? []), url]);
    }
    const serverModules = byProcess.get(String(server.pid)) ?? [];
    const renderer = [...byProcess.values()].find((urls) =>
      urls.some((url) => url.endsWith('/render-worker.js')),
    );
    // The hook saw the server's own modules and those of the packages it imports, built…
    expect(serverModules).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/packages\/server\/dist\/main\.js$/),
        expect.stringMatching(/\/packages\/engine\/dist\/index\.js$/),
        expect.stringMatching(/\/packages\/client\/dist\/contract\/index\.js$/),
      ]),
    );
    // …and a render process of this server's, which rendered the referral…
    expect(renderer).toBeDefined();
    // …and not one TypeScript file in any of them.
    expect(lines.filter((line) => /\.[cm]?tsx?$/.test(line))).toEqual([]);
  });
});
