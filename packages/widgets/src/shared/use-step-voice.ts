import { useCallback, useEffect, useRef } from 'react';
import type { ChangeEvent } from '@doanflow/client';
import { announcer, stepKey } from './announcer.ts';
import { useAnnouncer } from './use-announcer.ts';

/**
 * How a widget showing one instance speaks of the steps others take on it: `heard` each change
 * the live stream reports (the page's announcer then waits for this widget's reload), and once
 * the reloaded data reaches that revision, `describe` says what the step was — or nothing. The
 * announcer keeps the best wording among the widgets that saw the same step (priority).
 */
export function useStepVoice(
  instanceId: string | undefined,
  revision: number | undefined,
  priority: number,
  describe: (revision: number) => string | null,
) {
  const { said, propose } = useAnnouncer();
  const expecting = useRef(new Map<number, () => void>());
  const words = useRef(describe);
  useEffect(() => {
    words.current = describe;
  });

  const heard = useCallback(
    (change: ChangeEvent) => {
      if (change.instanceId !== instanceId || expecting.current.has(change.revision)) return;
      expecting.current.set(change.revision, announcer.expect(stepKey(change.instanceId, change.revision)));
    },
    [instanceId],
  );

  useEffect(() => {
    if (revision === undefined || instanceId === undefined) return;
    for (const [expected, done] of expecting.current) {
      if (expected > revision) continue;
      const message = words.current(expected);
      if (message) propose({ key: stepKey(instanceId, expected), scope: instanceId, priority, message });
      expecting.current.delete(expected);
      done();
    }
  }, [instanceId, revision, priority, propose]);

  useEffect(() => {
    const pending = expecting.current;
    return () => {
      for (const done of pending.values()) done();
    };
  }, []);

  return { said, heard, propose };
}
