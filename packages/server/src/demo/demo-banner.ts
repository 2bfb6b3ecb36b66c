import type { HostedRuntime } from '../runtime-factory.ts';
import { demoLogins } from './demo-logins.ts';
import type { SeedReport } from './seed-demo.ts';

/** Plain lines on stdout (not the JSON log): where to go and whom to sign in as. */
export function printDemoBanner(input: {
  address: string;
  portal: boolean;
  runtime: HostedRuntime;
  seeded: SeedReport;
  devTokens: boolean;
}): void {
  const { address, runtime, seeded } = input;
  const workflows = [...seeded.seeded, ...seeded.alreadyPresent];
  const lines = [
    '',
    'doanflow is running with demo data',
    ...(input.portal
      ? [
          `  Portal:   ${address}/  (sign in as any demo officer)`,
          `  Embedded: ${address}/embed/  (plain HTML page with the web components)`,
        ]
      : []),
    `  API:      ${address}`,
    `  API docs: ${address}/docs`,
    `  OpenAPI:  ${address}/openapi.json`,
    `  Demo instances: ${workflows.join(', ') || 'none'}${seeded.seeded.length ? ' (seeded now)' : ' (kept from an earlier start)'}`,
    `  Holidays: ${calendarLine(runtime)}`,
    '',
  ];
  if (input.devTokens) {
    lines.push(
      `Demo logins — a token for anyone: curl -X POST ${address}/auth/dev-token -H 'content-type: application/json' -d '{"personId":"p-binh"}'`,
      ...demoLogins(runtime.cache.directory, runtime.clock.now(), runtime.registry.all()).map(
        (line) => `  ${line}`,
      ),
      '',
    );
  }
  console.log(lines.join('\n'));
}

/** Which years run on a published notice, and that the others are the law's estimate. */
function calendarLine(runtime: HostedRuntime): string {
  const notices = runtime.calendars.calendar.notices ?? [];
  const published = notices.map((notice) => `${notice.year} (notice v${notice.version})`).join(', ');
  return `${published || 'no notice loaded'}; other years provisional (PUT /calendar/{year})`;
}
