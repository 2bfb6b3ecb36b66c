import { createContext, useContext } from 'react';
import type { DoanflowClient } from '@doanflow/client';
import type { Locale, TaskView } from '@doanflow/client';
import type { Translate } from '../i18n/translate.ts';
import type { DoanflowTheme } from '../theme/tokens.ts';

/**
 * Where a widget offers to take the officer next (after a decision: the next task, or back to the
 * list; from the inbox: a task). The host portal carries it out — on the same screen or another —
 * and, when it changes screens, sets the title and moves focus to the new screen's heading.
 */
export type Navigation = { to: 'task'; instanceId: string; task?: TaskView } | { to: 'inbox' };

export interface DoanflowContextValue {
  client: DoanflowClient;
  locale: Locale;
  t: Translate;
  theme: DoanflowTheme | undefined;
  injectStyles: boolean;
  /** The clock the widgets read (tests fix it). */
  now: () => Date;
  /** Set when the host carries out navigation: widgets then offer "next task" and "back to the list". */
  onNavigate: ((navigation: Navigation) => void) | undefined;
}

export const DoanflowContext = createContext<DoanflowContextValue | null>(null);

export function useDoanflow(): DoanflowContextValue {
  const value = useContext(DoanflowContext);
  if (!value) throw new Error('doanflow widgets must be rendered inside <DoanflowProvider>');
  return value;
}
