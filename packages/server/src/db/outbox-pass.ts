/**
 * The first statement of an outbox reader's pass (the webhook fan-out, the notifications' derivation),
 * for the rest of its transaction:
 *
 * - No bitmap scans. Each message is updated by both readers, and each update leaves a dead entry in
 *   the partial index a reader scans (`where delivered_at is null`, `where notified_at is null`) until
 *   vacuum. With a few hundred messages waiting, the planner reads the whole index through a bitmap and
 *   sorts: every dead entry since the last vacuum costs a heap visit on every pass (5–17 ms a pass at
 *   16 clients, issue 15), and a bitmap scan never marks them dead. An index scan in id order stops at
 *   the limit and marks what it finds dead, so the next pass skips it.
 * - Asynchronous commit. The pass is idempotent: a commit lost in a crash is lost whole (its rows and
 *   its marks on the outbox), and the next pass writes the same rows again under the same keys (a
 *   delivery's webhook and message, a notification's key). Nothing leaves before it is durable: a
 *   delivery or a mail is claimed first, that commit waits for the disk, and WAL is flushed in order.
 */
export const OUTBOX_PASS_SETTINGS = `select set_config('enable_bitmapscan', 'off', true),
  set_config('synchronous_commit', 'off', true)`;

/**
 * Waits until `gapMs` (default 100) after the reader's last pass began: under a stream of changes,
 * those that arrive meanwhile go together in the next pass (each pass is a transaction of its own).
 */
export async function afterPassGap(lastPassAt: number, gapMs = 100): Promise<void> {
  const wait = lastPassAt + gapMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
