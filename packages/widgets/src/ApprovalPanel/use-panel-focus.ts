import { useEffect, useRef, useState } from 'react';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { announcer, stepKey } from '../shared/announcer.ts';
import { focusHandoff } from '../shared/focus-handoff.ts';
import { useStepVoice } from '../shared/use-step-voice.ts';
import type { ApprovalData } from './approval.machine.ts';

interface PanelFocusInput {
  instanceId: string;
  /** The machine's state: loading, ready, confirming, submitting, refreshing… */
  value: string;
  data: ApprovalData | undefined;
  lastSent: { type: string; state: string } | undefined;
  /** The outcome of the last decision in words. */
  outcome: string | null;
  failed: boolean;
  conflict: boolean;
  /** The decision was kept on the device to be sent later. */
  queued: string | undefined;
  onDecision: ((decision: { instanceId: string; type: string; state: string }) => void) | undefined;
}

/**
 * Where focus goes and what is said as the officer works in the panel:
 * - opened from an inbox on the same screen: focus to the heading;
 * - sending: focus to the notice ("Đang gửi…"), never left on a button that is disabled or gone;
 * - recorded: the inbox that opened the task takes focus back and says the outcome, or else focus
 *   moves to the outcome notice (read out once: the echo of this step is settled, not repeated);
 * - refused, overtaken, or kept on the device while offline: focus to the notice that says so;
 * - someone else's step on this case: said once, by the panel when no timeline says it better.
 */
export function usePanelFocus(input: PanelFocusInput) {
  const { instanceId, value, data, lastSent, outcome, failed, conflict, queued, onDecision } = input;
  const { locale, t } = useDoanflow();
  // Someone else's step on this case: said after the reload (the timeline, if any, says it better).
  const revision = data?.instance.revision;
  const { said, heard } = useStepVoice(instanceId, revision, 2, (step) =>
    data && step === revision
      ? t('approval.updated', {
          title: pickLabel(data.instance.title, locale),
          state: pickLabel(data.instance.stateLabel, locale),
        })
      : null,
  );
  const heading = useRef<HTMLHeadingElement>(null);
  const [handedBack, setHandedBack] = useState(false);
  const notices = useRef<HTMLDivElement>(null);

  const loaded = Boolean(data);
  useEffect(() => {
    if (loaded && focusHandoff.claim(instanceId)) heading.current?.focus();
  }, [loaded, instanceId]);

  // While this page's decision is on its way, the echo of it waits for its outcome.
  const sending = value === 'submitting';
  const release = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (!sending) return;
    notices.current?.focus();
    release.current = announcer.hold(instanceId);
  }, [sending, instanceId]);
  useEffect(() => () => release.current?.(), []);

  const reported = useRef(lastSent);
  useEffect(() => {
    if (!lastSent || !data || reported.current === lastSent) return;
    reported.current = lastSent;
    onDecision?.({ instanceId, ...lastSent });
    const step = data.instance.revision;
    const returned = focusHandoff.decided({ instanceId, revision: step, announcement: outcome ?? '' });
    setHandedBack(returned);
    if (!returned) {
      announcer.settle(stepKey(instanceId, step));
      notices.current?.focus();
    }
    release.current?.();
    release.current = null;
    // outcome and data are read as this render has them; the decision alone re-runs this.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSent, instanceId, onDecision]);

  useEffect(() => {
    if (!failed && !conflict && !queued) return;
    release.current?.();
    release.current = null;
    notices.current?.focus();
  }, [failed, conflict, queued]);

  // The outcome offers the next task unless an inbox on this screen takes the officer back.
  const offersNext = !handedBack && !focusHandoff.returning(instanceId);
  return { said, heading, notices, heard, offersNext };
}
