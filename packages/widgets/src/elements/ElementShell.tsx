import { useSyncExternalStore, type ReactNode } from 'react';
import type { Locale } from '@doanflow/client';
import { catalogues } from '../i18n/catalogues.ts';
import { translatorFor } from '../i18n/translate.ts';
import type { Navigation } from '../provider/context.ts';
import { DoanflowProvider } from '../provider/DoanflowProvider.tsx';
import type { ElementSession } from './sessions.ts';

/**
 * Provider for one element, on its session's shared client. While the session's token is expired
 * the widget stays mounted (what the officer typed is kept) but hidden behind a notice: nothing
 * stale is shown or acted on; the new token brings it back, reloaded.
 */
export function ElementShell({
  session,
  locale,
  onNavigate,
  children,
}: {
  session: ElementSession;
  locale: Locale;
  onNavigate: ((navigation: Navigation) => void) | undefined;
  children: ReactNode;
}) {
  const { keeper } = session.client;
  const state = useSyncExternalStore(
    (notify) => keeper.subscribe(notify),
    () => keeper.state,
  );
  if (!children) return null;
  return (
    <DoanflowProvider
      baseUrl={session.baseUrl}
      client={session.client}
      locale={locale}
      messages={catalogues[locale]}
      injectStyles={false}
      onNavigate={onNavigate}
    >
      {state === 'expired' ? (
        <section className="df-root df-Session" part="root" lang={locale}>
          <p part="notice" className="df-Notice" data-kind="warning" role="alert">
            {translatorFor(catalogues[locale])('session.expired')}
          </p>
        </section>
      ) : null}
      <div hidden={state === 'expired'}>{children}</div>
    </DoanflowProvider>
  );
}
