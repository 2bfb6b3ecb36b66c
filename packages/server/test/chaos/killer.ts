import type { ChaosClient } from './client.ts';
import { sleep, type ServerProcess } from './processes.ts';

export interface Kill {
  afterAcknowledged: number;
  restartMs: number;
}

/**
 * SIGKILLs `server` `times` times while the clients work, and starts it again each time. The kill
 * moments are spread over the run by acknowledged decisions — each at a random point of its slice of
 * `planned`, then after a random few milliseconds, so some land inside a commit. `load.done` (read
 * while it changes) stops it early; `done` resolves with the kills made.
 */
export function killRepeatedly(
  server: ServerProcess,
  client: ChaosClient,
  random: () => number,
  options: { times: number; planned: number; load: { done: boolean } },
): { kills: Kill[]; done: Promise<Kill[]> } {
  const { times, planned, load } = options;
  const kills: Kill[] = [];
  const done = (async () => {
    for (let k = 0; k < times && !load.done; k += 1) {
      const threshold = Math.floor((planned * (k + 0.3 + 0.6 * random())) / (times + 1));
      while (!load.done && client.stats.acknowledged < threshold) await sleep(10);
      if (load.done) break;
      await sleep(Math.floor(random() * 50));
      await server.kill();
      const down = Date.now();
      await server.start();
      kills.push({ afterAcknowledged: client.stats.acknowledged, restartMs: Date.now() - down });
    }
    return kills;
  })();
  return { kills, done };
}
