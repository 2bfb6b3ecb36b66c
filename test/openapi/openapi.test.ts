import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, tokenFor } from '../../packages/server/test/support/test-app.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const generated = here('./generated/');

let current: ReturnType<typeof testApp>;
let baseUrl: string;
let document: Record<string, any>;

/** tsc (this folder's TypeScript 6) over the programs; its diagnostics when it fails. */
async function compile(project: string): Promise<{ ok: boolean; output: string }> {
  try {
    await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { cwd: here('.') });
    return { ok: true, output: '' };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

beforeAll(async () => {
  current = testApp();
  baseUrl = await current.app.listen({ port: 0, host: '127.0.0.1' });
  document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Record<string, any>;
  mkdirSync(generated, { recursive: true });
  writeFileSync(`${generated}openapi.json`, JSON.stringify(document, null, 2));
  // The client's types, generated from the live document with nothing hand-written.
  writeFileSync(`${generated}openapi.ts`, astToString(await openapiTS(document as never)));
});
afterAll(async () => current?.app.close());

describe('the OpenAPI document', () => {
  it("passes Redocly CLI's recommended rules with no error and no warning", async () => {
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const { stdout, stderr } = await run(
      process.execPath,
      [cli, 'lint', `${generated}openapi.json`, '--config', here('./redocly.yaml'), '--format', 'summary'],
      { cwd: here('.') },
    ).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`redocly lint failed:\n${error.stdout}${error.stderr}`);
    });
    expect(`${stdout}${stderr}`).toContain('Your API description is valid');
    expect(`${stdout}${stderr}`).not.toMatch(/warning/i);
  });

  it('gives a generated client typed events: a transfer compiles and runs, a misspelt event does not compile', async () => {
    const good = await compile('tsconfig.json');
    expect(good.output).toBe('');
    expect(good.ok).toBe(true);

    const { driveTransfer } = await import('./programs/drive-transfer.ts');
    const result = await driveTransfer(baseUrl, (personId) => tokenFor(personId));
    expect(result.states.at(-1)).toBe('completed');
    expect(result.events).toEqual([
      '$start',
      'SUBMIT',
      'CONFIRM',
      'ISSUE_REFERRAL',
      'PRESENT_REFERRAL',
      'ACCEPT',
      'ASSIGN_BRANCH',
      'ACKNOWLEDGE',
    ]);
    expect(result.summary).toEqual({ kind: 'permanent', destinationBranchId: 'cd-kdc-tayan' });

    // The same program with two typos: tsc refuses it, naming the misspelt event and summary field.
    const source = readFileSync(here('./programs/drive-transfer.ts'), 'utf8');
    expect(source).toContain("type: 'CONFIRM'");
    expect(source).toContain('summary.destinationBranchId;');
    writeFileSync(
      `${generated}misspelt.ts`,
      source
        .replace("type: 'CONFIRM'", "type: 'CONFRIM'")
        .replace('summary.destinationBranchId;', 'summary.destinationBranch;')
        .replace("'../generated/openapi.ts'", "'./openapi.ts'"),
    );
    writeFileSync(
      `${generated}tsconfig.misspelt.json`,
      JSON.stringify({ extends: '../tsconfig.json', files: ['misspelt.ts'] }),
    );
    const misspelt = await compile(`${generated}tsconfig.misspelt.json`);
    expect(misspelt.ok).toBe(false);
    expect(misspelt.output).toMatch(/misspelt\.ts\(\d+,\d+\): error TS\d+: .*"CONFRIM"/);
    expect(misspelt.output).toMatch(/misspelt\.ts\(\d+,\d+\): error TS\d+: .*'destinationBranch'/);
  });

  it('documents each workflow of the deployment with its start input and its events as a oneOf on type', () => {
    const events = document['paths']['/workflows/member-transfer/instances/{id}/events']['post'];
    expect(events.operationId).toBe('sendMemberTransferEvent');
    const variants = events.requestBody.content['application/json'].schema.oneOf as any[];
    const types = variants.map((variant) => variant.properties.type.enum ?? [variant.properties.type.const]);
    expect(types.flat()).toEqual(
      expect.arrayContaining(['SUBMIT', 'CONFIRM', 'ISSUE_REFERRAL', 'ACKNOWLEDGE']),
    );
    // Timer events are the server's own: a person never sends them.
    expect(types.flat()).not.toContain('RESPONSE_OVERDUE');
    const start = document['paths']['/workflows/member-transfer/instances']['post'];
    expect(start.operationId).toBe('startMemberTransfer');
    expect(start.requestBody.content['application/json'].schema.properties.input.required).toEqual(
      expect.arrayContaining(['memberId', 'kind', 'sourceBranchId', 'destinationBaseId']),
    );
  });
});
