import { useCallback, useEffect, useRef, useState } from 'react';
import { decisionQueueOf, type QueuedDecision } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';

/** How often kept decisions are tried again while the browser says it is online but the server is not. */
const RETRY_MS = 15_000;

export interface DecisionQueueView {
  /** This officer's kept decisions: waiting, or not recorded with the reason. */
  items: QueuedDecision[];
  /** Kept decisions this page sent since it opened (for the notice saying so). */
  sent: QueuedDecision[];
  flush: () => void;
  remove: (key: string) => void;
  forgetSent: (key: string) => void;
}

/**
 * The client's queue of decisions taken offline, kept in view: sent again when the browser comes
 * back online, when a widget opens, and every 15 s while some wait.
 */
export function useDecisionQueue(onSent?: (decision: QueuedDecision) => void): DecisionQueueView {
  const { client } = useDoanflow();
  const queue = decisionQueueOf(client);
  const [items, setItems] = useState<QueuedDecision[]>([]);
  const [sent, setSent] = useState<QueuedDecision[]>([]);
  // Read when a decision is sent: a new function each render must not resubscribe.
  const latestOnSent = useRef(onSent);
  useEffect(() => {
    latestOnSent.current = onSent;
  });
  const flush = useCallback(() => void queue.flush().catch(() => undefined), [queue]);
  useEffect(() => {
    let live = true;
    const reload = () =>
      queue.list().then(
        (all) => live && setItems(all),
        () => undefined,
      );
    const stop = queue.subscribe((event) => {
      if (event.type === 'sent') {
        setSent((old) => [...old, event.decision]);
        latestOnSent.current?.(event.decision);
      }
      void reload();
    });
    void reload();
    flush();
    window.addEventListener('online', flush);
    return () => {
      live = false;
      stop();
      window.removeEventListener('online', flush);
    };
  }, [queue, flush]);
  const waiting = items.some((item) => item.status === 'waiting');
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setInterval(flush, RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting, flush]);
  return {
    items,
    sent,
    flush,
    remove: (key) => void queue.remove(key).catch(() => undefined),
    forgetSent: (key) => setSent((old) => old.filter((each) => each.key !== key)),
  };
}
