import {
  DoanflowProvider,
  type DoanflowTheme,
  type Locale,
  type Messages,
  type Navigation,
} from '@doanflow/widgets';
import { en } from '@doanflow/widgets/locales/en';
import { vi } from '@doanflow/widgets/locales/vi';
import { useCallback, useEffect, useState } from 'react';
import { Layout } from './Layout.tsx';
import { DelegationsPage } from './pages/DelegationsPage.tsx';
import { InboxPage } from './pages/InboxPage.tsx';
import { InstancePage } from './pages/InstancePage.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { StartPage } from './pages/StartPage.tsx';
import { navigate, useRoute } from './routes.ts';
import { apiBase, loadSession, saveSession, type Session } from './session.ts';
import { portalText } from './strings.ts';

/** The widgets in the portal's colours: Union blue for actions, the portal's typeface. */
const theme: DoanflowTheme = {
  '--df-color-primary': '#0a4a9c',
  '--df-font-family':
    '"Be Vietnam Pro", "Segoe UI", Roboto, "Noto Sans", Arial, "Liberation Sans", sans-serif',
  '--df-radius': '4px',
};

/** The portal offers both languages, so it brings both catalogues of the widgets' strings. */
const widgetMessages: Record<Locale, Messages> = { vi, en };

const LOCALE_KEY = 'doanflow-portal.locale';
const initialLocale = (): Locale => (localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'vi');

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const route = useRoute();
  const t = portalText(locale);

  // Each screen sets the document's title itself (ScreenHeading).
  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem(LOCALE_KEY, locale);
  }, [locale]);

  /** Where the widgets offer to go (a task, the next task, the list): another screen of the portal. */
  const goTo = useCallback(
    (navigation: Navigation) =>
      navigate(
        navigation.to === 'task'
          ? { page: 'instance', instanceId: navigation.instanceId }
          : { page: 'inbox' },
      ),
    [],
  );

  const changeSession = useCallback((next: Session | null) => {
    saveSession(next);
    setSession(next);
    window.location.hash = '#/';
  }, []);

  return (
    <Layout
      t={t}
      locale={locale}
      onLocale={setLocale}
      session={session}
      route={route}
      onSignOut={() => changeSession(null)}
    >
      {session ? (
        <DoanflowProvider
          baseUrl={apiBase}
          token={session.token}
          locale={locale}
          messages={widgetMessages[locale]}
          theme={theme}
          onNavigate={goTo}
        >
          {route.page === 'instance' ? (
            // Another case is another screen: its heading takes focus again.
            <InstancePage key={route.instanceId} t={t} instanceId={route.instanceId} />
          ) : route.page === 'delegations' ? (
            <DelegationsPage t={t} person={session.person} />
          ) : route.page === 'report' ? (
            <ReportPage t={t} person={session.person} />
          ) : route.page === 'start' ? (
            <StartPage t={t} person={session.person} workflowId={route.workflowId} />
          ) : (
            <InboxPage t={t} />
          )}
        </DoanflowProvider>
      ) : (
        <SignInPage t={t} locale={locale} onSignedIn={changeSession} />
      )}
    </Layout>
  );
}
