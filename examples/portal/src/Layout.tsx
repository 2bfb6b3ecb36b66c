import { pickLabel, roleLabels, type Locale } from '@doanflow/widgets';
import type { MouseEvent, ReactNode } from 'react';
import { hrefOf, type Route } from './routes.ts';
import { reportingUnits, type Session } from './session.ts';
import type { PortalText } from './strings.ts';

interface LayoutProps {
  t: PortalText;
  locale: Locale;
  onLocale: (locale: Locale) => void;
  session: Session | null;
  route: Route;
  onSignOut: () => void;
  children: ReactNode;
}

/** The Union emblem, drawn simply: a red disc with the yellow star in a blue ring. */
function Emblem() {
  return (
    <svg className="portal-emblem" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="30" fill="#0a4a9c" />
      <circle cx="32" cy="32" r="24" fill="#c8102e" />
      <path
        fill="#ffd100"
        d="M32 14l5.3 16.3H54l-13.9 10 5.3 16.4L32 46.6 18.6 56.7l5.3-16.4-13.9-10h16.7z"
      />
    </svg>
  );
}

/** The skip link: the routes live in the hash, so it moves focus itself instead of following "#main". */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

export function Layout({ t, locale, onLocale, session, route, onSignOut, children }: LayoutProps) {
  const person = session?.person;
  const mainRole = person?.roles[0];
  return (
    <div className="portal">
      <a className="portal-skip" href="#main" onClick={skipToMain}>
        {t('skipToContent')}
      </a>
      <div className="portal-topbar">
        <div className="portal-container portal-topbar-inner">
          <span>{t('union')}</span>
          <div className="portal-lang" role="group" aria-label={t('languageLabel')}>
            {(['vi', 'en'] as const).map((option) => (
              <button
                key={option}
                type="button"
                className="portal-lang-option"
                aria-pressed={locale === option}
                lang={option}
                onClick={() => onLocale(option)}
              >
                {option === 'vi' ? 'Tiếng Việt' : 'English'}
              </button>
            ))}
          </div>
        </div>
      </div>
      <header className="portal-masthead">
        <div className="portal-container portal-masthead-inner">
          <a className="portal-brand" href="#/">
            <Emblem />
            <span>
              <span className="portal-brand-org">{t('organisation')}</span>
              <span className="portal-brand-name">{t('portalName')}</span>
            </span>
          </a>
          {person ? (
            <div className="portal-user">
              <div className="portal-user-text">
                <span className="portal-user-label">{t('signedInAs')}</span>
                <strong className="portal-user-name">{person.name}</strong>
                <span className="portal-user-role">
                  {mainRole
                    ? `${pickLabel(roleLabels[mainRole.role], locale) || mainRole.role} · ${mainRole.unitName}`
                    : t('noRole')}
                </span>
              </div>
              <button type="button" className="portal-button portal-button-light" onClick={onSignOut}>
                {t('signOut')}
              </button>
            </div>
          ) : null}
        </div>
        {person ? (
          <nav className="portal-nav" aria-label={t('portalName')}>
            <div className="portal-container">
              <a
                href={hrefOf({ page: 'inbox' })}
                aria-current={route.page === 'inbox' || route.page === 'instance' ? 'page' : undefined}
                className="portal-nav-link"
              >
                {t('navInbox')}
              </a>
              <a
                href={hrefOf({ page: 'start', workflowId: null })}
                aria-current={route.page === 'start' ? 'page' : undefined}
                className="portal-nav-link"
              >
                {t('navStart')}
              </a>
              <a
                href={hrefOf({ page: 'delegations' })}
                aria-current={route.page === 'delegations' ? 'page' : undefined}
                className="portal-nav-link"
              >
                {t('navDelegations')}
              </a>
              {reportingUnits(person).length > 0 ? (
                <a
                  href={hrefOf({ page: 'report' })}
                  aria-current={route.page === 'report' ? 'page' : undefined}
                  className="portal-nav-link"
                >
                  {t('navReport')}
                </a>
              ) : null}
            </div>
          </nav>
        ) : null}
      </header>
      <main className="portal-main portal-container" id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="portal-footer">
        <div className="portal-container">
          <p>{t('footer')}</p>
          <p className="portal-muted">
            {t('demoNotice')} {t('footerNote')}
          </p>
        </div>
      </footer>
    </div>
  );
}
