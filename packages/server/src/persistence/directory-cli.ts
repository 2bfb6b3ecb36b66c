/**
 * `pnpm --filter @doanflow/server directory:import <file.json> [--merge]`: loads the organisation
 * (units, people, role bindings) into DATABASE_URL's database, or the embedded one under
 * DOANFLOW_DATA_DIR, as PUT /directory (or POST /directory/import with --merge) does. The first
 * directory of a new deployment goes in this way: before it, nobody holds the role to send it over
 * HTTP. Running servers learn of it at once. A file that is not a valid directory changes nothing.
 */
import { readFileSync } from 'node:fs';
import { directoryDataSchema, isWorkflowError, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { defaultDataDir } from '../config.ts';
import { openDatabase } from '../db/open-database.ts';
import { SchemaVersionError } from '../db/schema-version.ts';
import { DurableRuntime } from '../runner/durable-runtime.ts';

/** A refusal this command explains in one line. */
class Refused extends Error {}

const [file, ...flags] = process.argv.slice(2);
const merge = flags.includes('--merge');
if (!file || flags.some((flag) => flag !== '--merge')) {
  console.error('usage: directory:import <directory.json> [--merge]');
  process.exit(2);
}

const parsed = directoryDataSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
if (!parsed.success) {
  const issues = parsed.error.issues
    .slice(0, 10)
    .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  console.error(`${file} is not a directory (nothing imported):\n${issues.join('\n')}`);
  process.exit(1);
}

try {
  const { db } = await openDatabase({
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    dataDir: process.env['DOANFLOW_DATA_DIR'] || defaultDataDir,
    schema: process.env['DATABASE_SCHEMA'] || undefined,
  });
  try {
    const registry = new WorkflowRegistry(unionWorkflows);
    // The import recomputes every open instance's tasks: it needs their definitions.
    const unknown = (
      await db.query<{ workflow_id: string }>(
        `select distinct workflow_id from instances where status = 'active'`,
      )
    ).filter(({ workflow_id }) => registry.versions(workflow_id).length === 0);
    if (unknown.length > 0) {
      throw new Refused(
        `open instances of workflows this command does not know (${unknown.map((row) => row.workflow_id).join(', ')}): ` +
          'import through the running server (PUT /directory) instead',
      );
    }
    const runtime = new DurableRuntime({ db, registry });
    await runtime.cache.load(db);
    const report = await runtime.importDirectory(parsed.data, merge ? 'merge' : 'replace');
    console.log(
      `directory ${merge ? 'merged' : 'replaced'}: version ${runtime.cache.version}, ${report.units} units, ` +
        `${report.people} people, ${report.bindings} role bindings; ${report.tasksRerouted} open tasks rerouted`,
    );
  } finally {
    await db.close();
  }
} catch (error) {
  if (!(error instanceof Refused || error instanceof SchemaVersionError || isWorkflowError(error)))
    throw error;
  console.error(`${error.message} (nothing imported)`);
  process.exitCode = 1;
}
