/** One sample of the server, taken after a full garbage collection. */
export interface Sample {
  /** Seconds since the soak load began. */
  at: number;
  heapMb: number;
  resources: number;
  timeouts: number;
  listeners: number;
  healthyBacklog: number;
  backlogs: Record<string, number>;
  poolOpen: number;
}

/** Least-squares slope of `value` per hour over the samples. */
export function slopePerHour(samples: Sample[], value: (sample: Sample) => number): number {
  if (samples.length < 2) return 0;
  const xs = samples.map((sample) => sample.at / 3600);
  const ys = samples.map(value);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i += 1) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The value of one sample line of a Prometheus exposition (labels matched as given). */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

/** Every labelled value of one metric, by the value of `label`. */
export function byLabel(text: string, name: string, label: string): Record<string, number> {
  const values: Record<string, number> = {};
  const pattern = new RegExp(`^${name}\\{[^}]*${label}="([^"]+)"[^}]*\\} (\\S+)$`);
  for (const line of text.split('\n')) {
    const match = pattern.exec(line);
    if (match) values[match[1]!] = Number(match[2]);
  }
  return values;
}
