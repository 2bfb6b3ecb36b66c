import type { ReactNode, Ref } from 'react';
import { useDoanflow } from '../provider/context.ts';
import { DoanflowStyles } from '../theme/Styles.tsx';
import { themeStyle } from '../theme/tokens.ts';
import type { Said } from './use-announcer.ts';

export type WidgetName =
  | 'Inbox'
  | 'ApprovalPanel'
  | 'Timeline'
  | 'StartForm'
  | 'ProgressDiagram'
  | 'Dossier'
  | 'Dashboard';

interface WidgetRootProps {
  name: WidgetName;
  /** The UI state, for styling and tests: loading, ready, empty, error, offline, submitting… */
  state: string;
  labelledBy: string;
  ref?: Ref<HTMLElement> | undefined;
  /** The widget's live region (polite): present from the first render, so changes are heard. */
  said?: Said | undefined;
  children: ReactNode;
}

/** Each widget's outermost element: scopes the stylesheet, carries the theme, language and state. */
export function WidgetRoot({ name, state, labelledBy, ref, said, children }: WidgetRootProps) {
  const { locale, theme, injectStyles } = useDoanflow();
  return (
    <section
      ref={ref}
      className={`df-root df-${name}`}
      part="root"
      data-state={state}
      lang={locale}
      style={themeStyle(theme)}
      aria-labelledby={labelledBy}
      aria-busy={state === 'loading' || state === 'submitting'}
    >
      {injectStyles ? <DoanflowStyles /> : null}
      {children}
      <div className="df-VisuallyHidden df-LiveRegion" role="status" aria-live="polite" aria-atomic="true">
        {said?.text ? <p key={said.n}>{said.text}</p> : null}
      </div>
    </section>
  );
}
