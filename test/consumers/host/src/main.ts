import { demoDirectoryData, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { buildApp, createRuntime, Housekeeping, loadConfig, WebhookDispatcher } from '@doanflow/server';
import { memberCard } from './member-card.js';

/**
 * A host server as its developer writes it from the packages' READMEs: the Union's workflows plus
 * its own, configured from the environment, webhooks delivered, housekeeping on. Run by plain node.
 */
const config = loadConfig(process.env);
const registry = new WorkflowRegistry([...unionWorkflows, memberCard]);
const runtime = await createRuntime({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  redisUrl: config.redisUrl,
  registry,
  directory: demoDirectoryData,
});
const portalDir = process.env['PORTAL_DIR'];
const app = buildApp({
  runtime,
  registry,
  auth: config.auth,
  webhooks: runtime.webhooks,
  webhookTargets: { allow: config.webhooks.allowedHosts },
  dossiers: runtime.dossiers,
  ...(portalDir ? { portal: { root: portalDir } } : {}),
  logger: { level: config.logLevel },
});
const dispatcher = new WebhookDispatcher({
  db: runtime.db,
  store: runtime.webhooks,
  subscribe: (listener) => runtime.subscribe(listener),
  targets: { allow: config.webhooks.allowedHosts },
});
const housekeeping = new Housekeeping({ db: runtime.db, attachments: runtime.attachments });
dispatcher.start();
housekeeping.start();
app.addHook('preClose', async () => {
  await Promise.all([dispatcher.stop(), housekeeping.stop()]);
});
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));

const address = await app.listen({ port: config.port, host: config.host });
console.log(`host listening on ${address}, embedded database in ${config.dataDir}`);
