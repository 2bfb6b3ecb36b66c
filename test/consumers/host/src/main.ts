import { demoDirectoryData, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { closeOnSignals, createDoanflowServer, loadConfig, serverOptionsFrom } from '@doanflow/server';
import { memberCard } from './member-card.js';

/**
 * A host server as its developer writes it from the packages' READMEs: the Union's workflows plus
 * its own, configured from the environment, built the one way main.ts is (webhooks delivered,
 * housekeeping on, shutdown on SIGTERM). Run by plain node.
 */
const config = loadConfig(process.env);
const options = serverOptionsFrom(config);
const portalDir = process.env['PORTAL_DIR'];
const server = await createDoanflowServer({
  ...options,
  registry: new WorkflowRegistry([...unionWorkflows, memberCard]),
  directory: demoDirectoryData,
  http: { ...options.http, ...(portalDir ? { portal: { root: portalDir } } : {}) },
});
closeOnSignals(server);

const address = await server.listen({ port: config.port, host: config.host });
console.log(`host listening on ${address}, embedded database in ${config.dataDir}`);
