#!/usr/bin/env node
/**
 * `doanflow <command>`: the server package's command line, for a deployment's first run and its
 * upkeep. Each command reads the same environment as the server (DATABASE_URL or DOANFLOW_DATA_DIR).
 */
import { directoryImport } from './persistence/directory-cli.ts';

const usage = `usage: doanflow directory import <directory.json> [--merge]

  directory import   load the organisation (units, people, role bindings) into the database,
                     through the same checks as PUT /directory (--merge: as POST /directory/import)`;

const [group, command, ...args] = process.argv.slice(2);
if (group === 'directory' && command === 'import') {
  process.exitCode = await directoryImport(args);
} else {
  console.error(usage);
  process.exitCode = group === undefined || group === '--help' || group === 'help' ? 0 : 2;
}
