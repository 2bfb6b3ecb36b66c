import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Announcer, QUIET_MS, stepKey, type Speaker } from './announcer.ts';

/** A widget's live region: what it said, in order. */
const region = (): Speaker & { said: string[]; heard: string[] } => {
  const said: string[] = [];
  const heard: string[] = [];
  return { said, heard, say: (text) => said.push(text), spoken: (key) => heard.push(key) };
};

let announcer: Announcer;
beforeEach(() => {
  vi.useFakeTimers();
  announcer = new Announcer(() => Date.now());
});
afterEach(() => vi.useRealTimers());

describe('the page’s announcer', () => {
  it('says the best wording of one step once, from the widget that proposed it', () => {
    const [panel, timeline, progress] = [region(), region(), region()];
    const key = stepKey('inst-1', 5);
    announcer.propose(progress, { key, priority: 1, message: 'Tiến trình' });
    announcer.propose(timeline, { key, priority: 3, message: 'Bình đã quyết định' });
    announcer.propose(panel, { key, priority: 2, message: 'Hồ sơ vừa được cập nhật' });
    vi.advanceTimersByTime(QUIET_MS);
    expect([panel.said, timeline.said, progress.said]).toEqual([[], ['Bình đã quyết định'], []]);
    // Everyone who proposed it hears it was said; proposing it again says nothing.
    expect([panel.heard, progress.heard]).toEqual([[key], [key]]);
    announcer.propose(panel, { key, priority: 9, message: 'again' });
    vi.advanceTimersByTime(QUIET_MS * 4);
    expect(panel.said).toEqual([]);
  });

  it('turns a burst into one announcement after a quiet spell', () => {
    const inbox = region();
    for (const [index, name] of ['A', 'B', 'C'].entries()) {
      announcer.propose(inbox, { key: `new:${index}`, priority: 1, message: `${name}.` });
      vi.advanceTimersByTime(QUIET_MS - 100);
    }
    expect(inbox.said).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(inbox.said).toEqual(['A. B. C.']);
  });

  it('replaces a widget’s pending proposal of the same group (a growing list of new tasks)', () => {
    const [first, second] = [region(), region()];
    announcer.propose(first, { key: 'new:a', group: 'new', priority: 1, message: 'Có 1 việc mới: A.' });
    announcer.propose(second, { key: 'new:a', group: 'new', priority: 1, message: 'Có 1 việc mới: A.' });
    announcer.propose(first, { key: 'new:a,b', group: 'new', priority: 1, message: 'Có 2 việc mới: A; B.' });
    announcer.propose(second, { key: 'new:a,b', group: 'new', priority: 1, message: 'Có 2 việc mới: A; B.' });
    vi.advanceTimersByTime(QUIET_MS);
    expect([...first.said, ...second.said]).toEqual(['Có 2 việc mới: A; B.']);
  });

  it('waits for a widget still reloading after the change (up to a limit)', () => {
    const [panel, timeline] = [region(), region()];
    const key = stepKey('inst-1', 7);
    const reloaded = announcer.expect(key);
    announcer.propose(panel, { key, priority: 2, message: 'panel' });
    vi.advanceTimersByTime(QUIET_MS * 3);
    expect(panel.said).toEqual([]);
    announcer.propose(timeline, { key, priority: 3, message: 'timeline' });
    reloaded();
    vi.advanceTimersByTime(QUIET_MS);
    expect([panel.said, timeline.said]).toEqual([[], ['timeline']]);

    // A widget that never reloads does not silence the page for long.
    announcer.expect(stepKey('inst-1', 8));
    announcer.propose(panel, { key: stepKey('inst-1', 8), priority: 2, message: 'late' });
    vi.advanceTimersByTime(3000 + QUIET_MS);
    expect(panel.said).toEqual(['late']);
  });

  it('holds the echo of this page’s own decision, which is then said another way (settled)', () => {
    const timeline = region();
    const release = announcer.hold('inst-1');
    announcer.propose(timeline, {
      key: stepKey('inst-1', 4),
      scope: 'inst-1',
      priority: 3,
      message: 'echo',
    });
    vi.advanceTimersByTime(QUIET_MS * 2);
    expect(timeline.said).toEqual([]);
    // The panel moved focus to its outcome: nobody says it again.
    announcer.settle(stepKey('inst-1', 4));
    release();
    vi.advanceTimersByTime(QUIET_MS * 2);
    expect(timeline.said).toEqual([]);
    expect(timeline.heard).toEqual([stepKey('inst-1', 4)]);
  });

  it('forgets a widget that left the page', () => {
    const [gone, stays] = [region(), region()];
    announcer.propose(gone, { key: 'k', priority: 2, message: 'gone' });
    announcer.propose(stays, { key: 'k', priority: 1, message: 'stays' });
    announcer.forget(gone);
    vi.advanceTimersByTime(QUIET_MS);
    expect([gone.said, stays.said]).toEqual([[], ['gone']]);
  });
});
