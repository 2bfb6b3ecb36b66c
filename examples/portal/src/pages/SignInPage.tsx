import { pickLabel, roleLabels, type Locale } from '@doanflow/widgets';
import { useEffect, useState } from 'react';
import { demoPeople, signIn, type DemoPerson, type Session } from '../session.ts';
import { ScreenHeading } from '../ScreenHeading.tsx';
import type { PortalText } from '../strings.ts';

interface SignInPageProps {
  t: PortalText;
  locale: Locale;
  onSignedIn: (session: Session) => void;
}

type Group = 'groupCity' | 'groupBase' | 'groupBranch' | 'groupMember';

const cityRoles = new Set([
  'upperStanding',
  'standingSecretary',
  'secretariat',
  'departmentHead',
  'councilChair',
  'councilMember',
  'cadre',
  'admin',
]);
const baseRoles = new Set(['baseSecretary', 'baseStanding', 'host']);

/** Officers by the level they work at, highest first; people without a role last. */
function groupOf(person: DemoPerson): Group {
  const roles = person.roles.map((held) => held.role);
  if (roles.some((role) => cityRoles.has(role))) return 'groupCity';
  if (roles.some((role) => baseRoles.has(role))) return 'groupBase';
  if (roles.length > 0) return 'groupBranch';
  return 'groupMember';
}

const groups: Group[] = ['groupCity', 'groupBase', 'groupBranch', 'groupMember'];

type Load =
  | { state: 'loading' }
  | { state: 'ready'; people: DemoPerson[] }
  | { state: 'error'; message: string };

/** The demo's sign-in: one card per officer of the directory, with roles and units. */
export function SignInPage({ t, locale, onSignedIn }: SignInPageProps) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    demoPeople().then(
      (people) => live && setLoad({ state: 'ready', people }),
      (error: Error) => live && setLoad({ state: 'error', message: error.message }),
    );
    return () => {
      live = false;
    };
  }, []);

  const choose = async (person: DemoPerson) => {
    setBusy(person.id);
    setFailure(null);
    try {
      onSignedIn(await signIn(person));
    } catch (error) {
      setFailure(t('signInFailed', { message: (error as Error).message }));
      setBusy(null);
    }
  };

  return (
    <section className="portal-signin">
      <div className="portal-page-head">
        <ScreenHeading title={t('signInTitle')} site={t('organisation')} />
        <p className="portal-lead">{t('signInLead')}</p>
        <p className="portal-demo-badge">{t('demoNotice')}</p>
      </div>
      {failure ? (
        <p className="portal-alert" role="alert">
          {failure}
        </p>
      ) : null}
      {load.state === 'loading' ? <p className="portal-muted">{t('loadingPeople')}</p> : null}
      {load.state === 'error' ? (
        <p className="portal-alert" role="alert">
          {t('peopleFailed', { message: load.message })}
        </p>
      ) : null}
      {load.state === 'ready'
        ? groups.map((group) => {
            const people = load.people.filter((person) => groupOf(person) === group);
            if (people.length === 0) return null;
            return (
              <section key={group} className="portal-people-group" aria-labelledby={`group-${group}`}>
                <h2 id={`group-${group}`} className="portal-section-title">
                  {t(group)}
                </h2>
                <ul className="portal-people">
                  {people.map((person) => (
                    <li key={person.id} className="portal-person" data-person={person.id}>
                      <div className="portal-person-name">{person.name}</div>
                      <ul className="portal-person-roles">
                        {person.roles.length === 0 ? <li>{t('noRole')}</li> : null}
                        {person.roles.map((held) => (
                          <li key={`${held.role}@${held.unitId}`}>
                            <span className="portal-person-role">
                              {pickLabel(roleLabels[held.role], locale) || held.role}
                              {held.deputy ? ` (${t('deputy')})` : ''}
                            </span>{' '}
                            <span className="portal-muted">· {held.unitName}</span>
                          </li>
                        ))}
                      </ul>
                      {person.memberOf ? (
                        <div className="portal-muted portal-person-member">
                          {t('memberOf', { unit: person.memberOf.name })}
                        </div>
                      ) : null}
                      <button
                        type="button"
                        className="portal-button"
                        disabled={busy !== null}
                        aria-label={`${t('signInAs')}: ${person.name}`}
                        onClick={() => void choose(person)}
                      >
                        {busy === person.id ? t('signingIn') : t('signInAs')}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })
        : null}
    </section>
  );
}
