import { describe, expect, it } from 'vitest';
import type { ChangeEvent, WorkflowRuntime } from '../../src/runner/contract.ts';
import { ChangeFeed } from '../../src/routes/events/change-feed.ts';

/** Only the subscription the feed takes; the feed's numbering is what is tested here. */
function feedWithDashInEpoch(): { feed: ChangeFeed; emit: (change: ChangeEvent) => void } {
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    let emit: (change: ChangeEvent) => void = () => {};
    const runtime = {
      subscribe(listener: (change: ChangeEvent) => void) {
        emit = listener;
        return () => {};
      },
    } as unknown as WorkflowRuntime;
    const feed = new ChangeFeed(runtime);
    if (feed.epoch.includes('-')) return { feed, emit };
    feed.close();
  }
  throw new Error('no epoch with a dash in 10,000 tries');
}

describe('the change feed’s event ids', () => {
  it('resumes after an id whose epoch holds a dash (base64url), instead of asking for a reload', () => {
    const { feed, emit } = feedWithDashInEpoch();
    const change = (instanceId: string) => ({ instanceId }) as ChangeEvent;
    emit(change('seen'));
    const seen = feed.position;
    emit(change('missed-1'));
    emit(change('missed-2'));
    expect(feed.since(seen)?.map((entry) => entry.change.instanceId)).toEqual(['missed-1', 'missed-2']);
    expect(feed.since(`${feed.epoch}x-1`)).toBeNull();
    expect(feed.since('no-dash-number-x')).toBeNull();
    feed.close();
  });
});
