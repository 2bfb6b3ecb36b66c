// Preloaded (NODE_OPTIONS=--import=…) into a server and its render processes by
// compiled-serve.chaos.ts: appends "<pid> <url>" for every module file loaded from outside
// node_modules to the file named by DOANFLOW_MODULE_LOADS. JavaScript, not TypeScript: a .ts hook
// would load Node's type stripper itself, the thing the test looks for.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.DOANFLOW_MODULE_LOADS;

registerHooks({
  load(url, context, nextLoad) {
    if (file && url.startsWith('file:') && !url.includes('/node_modules/')) {
      appendFileSync(file, `${process.pid} ${url}\n`);
    }
    return nextLoad(url, context);
  },
});
