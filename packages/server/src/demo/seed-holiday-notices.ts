import { publishedHolidayNotices, systemPrincipal } from '@doanflow/engine';
import type { DurableRuntime } from '../runner/durable-runtime.ts';
import type { TravelClock } from './travel-clock.ts';

/**
 * Loads the published notices that ship with doanflow (2026), as an administrator would through
 * PUT /calendar/{year}: once per year (a year already holding a notice is left alone), dated
 * 1 December of the year before, so the demo's seeded history runs under them.
 */
export async function seedHolidayNotices(runtime: DurableRuntime, clock: TravelClock): Promise<number[]> {
  const loaded: number[] = [];
  for (const [year, notice] of Object.entries(publishedHolidayNotices).map(
    ([y, n]) => [Number(y), n] as const,
  )) {
    if ((await runtime.holidayNotices(year)).length > 0) continue;
    clock.travelTo(new Date(`${year - 1}-12-01T02:00:00Z`));
    try {
      await runtime.publishHolidayNotice(year, notice, systemPrincipal);
    } finally {
      clock.backToNow();
    }
    loaded.push(year);
  }
  return loaded;
}
