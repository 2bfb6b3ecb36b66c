/**
 * A Node program of the host's (a batch job, another service) on @doanflow/client: it reads the
 * workflows and gets typed refusals, changing nothing. `node src/drive.ts <server URL> <token>`.
 */
import { createDoanflowClient, isDoanflowApiError } from '@doanflow/client';

const [baseUrl, token] = process.argv.slice(2);
if (!baseUrl || !token) throw new Error('usage: node src/drive.ts <server URL> <token>');
const client = createDoanflowClient({ baseUrl, token });

const workflows = (await client.listDefinitions()).map((definition) => definition.id);
const memberCard = await client.getDefinition('member-card');
const refusals: { code: string; status: number }[] = [];
for (const attempt of [
  () => client.startInstance('no-such-workflow', {}),
  () => client.getInstance('no-such-instance'),
]) {
  try {
    await attempt();
  } catch (error) {
    if (!isDoanflowApiError(error)) throw error;
    // Narrowed by code: the details have that code's documented shape.
    const code = error.is('UNKNOWN_WORKFLOW') ? `${error.code} ${error.details.workflowId}` : error.code;
    refusals.push({ code, status: error.status });
  }
}
client.close();
console.log(JSON.stringify({ workflows, title: memberCard.title.vi, refusals }));
