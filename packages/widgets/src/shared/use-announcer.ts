import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { announcer, type Proposal, type Speaker } from './announcer.ts';

/** What a widget's live region says; `n` changes with every announcement, even a repeated text. */
export interface Said {
  text: string;
  n: number;
}

/**
 * A widget's voice: `said` goes to its live region (WidgetRoot renders it), `propose` hands a
 * message to the page's announcer, which speaks the best of what all widgets proposed, once.
 * `onSpoken` hears each key of this widget's proposals once it was spoken (by any widget).
 */
export function useAnnouncer(onSpoken?: (key: string) => void) {
  const [said, setSaid] = useState<Said>({ text: '', n: 0 });
  const spokenRef = useRef(onSpoken);
  useEffect(() => {
    spokenRef.current = onSpoken;
  });
  const speaker = useMemo<Speaker>(
    () => ({
      say: (text) => setSaid((old) => ({ text, n: old.n + 1 })),
      spoken: (key) => spokenRef.current?.(key),
    }),
    [],
  );
  useEffect(() => () => announcer.forget(speaker), [speaker]);
  const propose = useCallback((proposal: Proposal) => announcer.propose(speaker, proposal), [speaker]);
  return { said, propose };
}
