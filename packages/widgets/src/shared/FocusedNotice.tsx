import { useId, type ReactNode, type Ref } from 'react';

interface FocusedNoticeProps {
  kind: 'info' | 'success' | 'warning' | 'error';
  text: string;
  ref?: Ref<HTMLDivElement>;
  /** What the officer may do next (buttons): the next Tab reaches them. */
  children?: ReactNode;
}

/**
 * The outcome of what the officer just did (a decision recorded or refused, a request started),
 * in a box that takes focus: named by its sentence, so a screen reader reads it once on focus, and
 * no live region says it again.
 */
export function FocusedNotice({ kind, text, ref, children }: FocusedNoticeProps) {
  const id = useId();
  return (
    <div
      ref={ref}
      tabIndex={-1}
      part="notice"
      className="df-Notice"
      data-kind={kind}
      role="group"
      aria-labelledby={id}
    >
      <p id={id}>{text}</p>
      {children}
    </div>
  );
}
