/**
 * `doanflow directory import <file.json> [--merge]` (also `pnpm --filter @doanflow/server
 * directory:import`): loads the organisation (units, people, role bindings) into DATABASE_URL's
 * database, or the embedded one under DOANFLOW_DATA_DIR, through the same checks as PUT /directory
 * (or POST /directory/import with --merge): the directory's schema, then the runtime's own import.
 * The first directory of a new deployment goes in this way, or over HTTP by the administrator named
 * in DOANFLOW_FIRST_ADMIN. Running servers learn of it at once. A file that is not a valid directory
 * changes nothing.
 */
import { readFileSync } from 'node:fs';
import { directoryDataSchema, isWorkflowError, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { defaultDataDir } from '../config.ts';
import { openDatabase } from '../db/open-database.ts';
import { SchemaVersionError } from '../db/schema-version.ts';
import { DurableRuntime } from '../runner/durable-runtime.ts';

/** A refusal this command explains in one line. */
class Refused extends Error {}

/** Runs `directory import` with its arguments; resolves to the process's exit code. */
export async function directoryImport(args: string[]): Promise<number> {
  const [file, ...flags] = args;
  const merge = flags.includes('--merge');
  if (!file || flags.some((flag) => flag !== '--merge')) {
    console.error('usage: doanflow directory import <directory.json> [--merge]');
    return 2;
  }

  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${file} cannot be read as JSON (nothing imported): ${(error as Error).message}`);
    return 1;
  }
  const parsed = directoryDataSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    console.error(`${file} is not a directory (nothing imported):\n${issues.join('\n')}`);
    return 1;
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
    return 1;
  }
  return 0;
}

// Run directly (`node src/persistence/directory-cli.ts <file>`), as the package script did.
if (import.meta.main) process.exitCode = await directoryImport(process.argv.slice(2));
