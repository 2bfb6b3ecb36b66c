import { createContext, useContext } from 'react';
import type { DoanflowClient } from '../client/http-client.ts';
import type { Locale } from '../client/types.ts';
import type { Translate } from '../i18n/translate.ts';
import type { DoanflowTheme } from '../theme/tokens.ts';

export interface DoanflowContextValue {
  client: DoanflowClient;
  locale: Locale;
  t: Translate;
  theme: DoanflowTheme | undefined;
  injectStyles: boolean;
  /** The clock the widgets read (tests fix it). */
  now: () => Date;
}

export const DoanflowContext = createContext<DoanflowContextValue | null>(null);

export function useDoanflow(): DoanflowContextValue {
  const value = useContext(DoanflowContext);
  if (!value) throw new Error('doanflow widgets must be rendered inside <DoanflowProvider>');
  return value;
}
