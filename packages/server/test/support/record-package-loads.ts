// Preloaded (`node --import`) into a server process by lazy-packages.e2e.test.ts: appends the name of
// every package the process loads, once, to the file named by DOANFLOW_PACKAGE_LOADS.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env['DOANFLOW_PACKAGE_LOADS']!;
const seen = new Set<string>();

/** "nodemailer" of …/node_modules/.pnpm/nodemailer@7/node_modules/nodemailer/lib/x.js (the last one). */
const packageOf = (url: string) => {
  const path = url.split('/node_modules/').at(-1);
  if (path === undefined || path === url) return null;
  const [scope, name] = path.split('/');
  return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
};

registerHooks({
  load(url, context, nextLoad) {
    const name = packageOf(url);
    if (name && !seen.has(name)) {
      seen.add(name);
      appendFileSync(file, `${name}\n`);
    }
    return nextLoad(url, context);
  },
});
