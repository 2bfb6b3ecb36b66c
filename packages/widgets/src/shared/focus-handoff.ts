/**
 * Where keyboard focus goes as an officer works through the inbox, across widgets that know
 * nothing of each other (separate React roots when they are web components): opening a task hands
 * focus to the approval panel that shows it on the same screen (its heading), and a decision hands
 * it back to the inbox it came from, which says the outcome. When the host changed screens to show
 * the task (the inbox is gone), the host's new heading has focus and the panel leaves it there.
 * One per page.
 */
export interface Decided {
  instanceId: string;
  /** The instance's revision after the decision: the step the announcement is about. */
  revision: number;
  /** What a screen reader announces: the decision and where the request went. */
  announcement: string;
}

const OPEN_WINDOW_MS = 10_000;

class FocusHandoff {
  private opened: { instanceId: string; inbox: object; at: number } | null = null;
  private returnTo = new Map<string, object>();
  private readonly inboxes = new Map<object, (decided: Decided) => void>();

  /** An inbox opened a task: the panel that shows it next takes focus. */
  open(instanceId: string, inbox: object): void {
    this.opened = { instanceId, inbox, at: Date.now() };
  }

  /**
   * A panel showing `instanceId` is ready: true (once) when it was just opened from an inbox that
   * is still on the screen.
   */
  claim(instanceId: string): boolean {
    const opened = this.opened;
    if (!opened || opened.instanceId !== instanceId || Date.now() - opened.at > OPEN_WINDOW_MS) return false;
    this.opened = null;
    if (!this.inboxes.has(opened.inbox)) return false;
    this.returnTo.set(instanceId, opened.inbox);
    return true;
  }

  /** True while a decision on `instanceId` will send focus back to the inbox that opened it. */
  returning(instanceId: string): boolean {
    const inbox = this.returnTo.get(instanceId);
    return inbox !== undefined && this.inboxes.has(inbox);
  }

  /** A decision was recorded: true when the inbox it was opened from took focus back. */
  decided(decided: Decided): boolean {
    const inbox = this.returnTo.get(decided.instanceId);
    this.returnTo.delete(decided.instanceId);
    const takeBack = inbox ? this.inboxes.get(inbox) : undefined;
    takeBack?.(decided);
    return takeBack !== undefined;
  }

  /** An inbox listens for decisions on the tasks it opened; returns the removal. */
  listen(inbox: object, takeBack: (decided: Decided) => void): () => void {
    this.inboxes.set(inbox, takeBack);
    return () => this.inboxes.delete(inbox);
  }
}

export const focusHandoff = new FocusHandoff();
