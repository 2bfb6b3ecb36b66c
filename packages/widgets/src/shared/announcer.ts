/**
 * What a screen reader hears, for all the widgets of a page together (separate React roots when
 * they are web components). Each widget has one polite live region; a change several widgets
 * notice (a decision on the open case reaches the panel, the timeline and the diagram; a new task
 * reaches two inboxes) is proposed by each under one key, and only the best message is spoken,
 * once, from the region of the widget that proposed it. Proposals wait for a short quiet spell so a
 * burst becomes one announcement, and for the widgets still reloading what the change touched.
 */
export interface Proposal {
  /** What happened, e.g. `change:<instance>@<revision>`: equal keys are one announcement. */
  key: string;
  message: string;
  /** The most telling wording wins (the timeline, which knows who decided, over the panel). */
  priority: number;
  /** A proposal replaces the same widget's pending one of the same group (a growing list of new tasks). */
  group?: string;
  /** The instance it is about: held back while this page's own decision on it is on its way. */
  scope?: string;
}

/** A widget's live region: says a message, and hears which of its keys were spoken (by anyone). */
export interface Speaker {
  say(message: string): void;
  spoken?(key: string): void;
}

interface Pending extends Proposal {
  speaker: Speaker;
  proposers: Set<Speaker>;
  since: number;
}

/** Quiet time before speaking, and the longest anything waits (bursts, slow reloads). */
export const QUIET_MS = 500;
const LONGEST_WAIT_MS = 3000;
const REMEMBERED = 500;

export class Announcer {
  private readonly pending = new Map<string, Pending>();
  private readonly spokenKeys: string[] = [];
  private readonly expected = new Map<string, number>();
  private readonly held = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  propose(speaker: Speaker, proposal: Proposal): void {
    if (this.spokenKeys.includes(proposal.key)) {
      speaker.spoken?.(proposal.key);
      return;
    }
    if (proposal.group) {
      for (const [key, entry] of this.pending) {
        if (entry.speaker === speaker && entry.group === proposal.group && key !== proposal.key)
          this.pending.delete(key);
      }
    }
    const existing = this.pending.get(proposal.key);
    const proposers = existing?.proposers ?? new Set<Speaker>();
    proposers.add(speaker);
    if (!existing || proposal.priority > existing.priority || existing.speaker === speaker) {
      this.pending.set(proposal.key, {
        ...proposal,
        speaker,
        proposers,
        since: existing?.since ?? this.now(),
      });
    }
    this.schedule();
  }

  /** A widget reloads because of `key` and may propose for it: the key waits for it (a while). */
  expect(key: string): () => void {
    const finish = this.count(this.expected, key);
    setTimeout(finish, LONGEST_WAIT_MS);
    return finish;
  }

  /** This page sends a decision on `scope`: its outcome, not the echo, is what will be said. */
  hold(scope: string): () => void {
    return this.count(this.held, scope);
  }

  /** One more waiting on `key`; the function returned (once) ends it. */
  private count(counts: Map<string, number>, key: string): () => void {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = (counts.get(key) ?? 1) - 1;
      if (left > 0) counts.set(key, left);
      else counts.delete(key);
      this.schedule();
    };
  }

  /** Said another way (focus moved to it and it is read): nobody announces it again. */
  settle(key: string): void {
    const entry = this.pending.get(key);
    this.pending.delete(key);
    this.remember(key);
    for (const proposer of entry?.proposers ?? []) proposer.spoken?.(key);
  }

  /** A widget that leaves the page proposes nothing more. */
  forget(speaker: Speaker): void {
    for (const [key, entry] of this.pending) {
      entry.proposers.delete(speaker);
      if (entry.speaker === speaker) {
        const other = [...entry.proposers][0];
        if (other) entry.speaker = other;
        else this.pending.delete(key);
      }
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.pending.size === 0) return;
    this.timer = setTimeout(() => this.flush(), QUIET_MS);
  }

  private flush(): void {
    const now = this.now();
    const ready = [...this.pending.values()].filter(
      (entry) =>
        now - entry.since >= LONGEST_WAIT_MS ||
        (!this.expected.has(entry.key) && !(entry.scope && this.held.has(entry.scope))),
    );
    const bySpeaker = new Map<Speaker, Pending[]>();
    for (const entry of ready) {
      this.pending.delete(entry.key);
      this.remember(entry.key);
      bySpeaker.set(entry.speaker, [...(bySpeaker.get(entry.speaker) ?? []), entry]);
    }
    for (const [speaker, entries] of bySpeaker) {
      speaker.say(entries.map((entry) => entry.message).join(' '));
      for (const entry of entries) for (const proposer of entry.proposers) proposer.spoken?.(entry.key);
    }
    if (this.pending.size) this.timer = setTimeout(() => this.flush(), QUIET_MS);
  }

  private remember(key: string): void {
    this.spokenKeys.push(key);
    if (this.spokenKeys.length > REMEMBERED) this.spokenKeys.shift();
  }
}

/** One per page, like the focus hand-off. */
export const announcer = new Announcer();

/** The key of one step of an instance (each step writes one revision and one history entry). */
export const stepKey = (instanceId: string, revision: number): string => `step:${instanceId}@${revision}`;
