import { pickLabel, StartForm, useDoanflow, type DefinitionView } from '@doanflow/widgets';
import { useEffect, useState } from 'react';
import { hrefOf, navigate } from '../routes.ts';
import { ScreenHeading } from '../ScreenHeading.tsx';
import type { DemoPerson } from '../session.ts';
import type { PortalText } from '../strings.ts';

interface StartPageProps {
  t: PortalText;
  person: DemoPerson;
  workflowId: string | null;
}

/** The workflows this officer may start, and the generated form of the chosen one. */
export function StartPage({ t, person, workflowId }: StartPageProps) {
  const { client, locale } = useDoanflow();
  const [definitions, setDefinitions] = useState<DefinitionView[] | null>(null);

  useEffect(() => {
    let live = true;
    client.listDefinitions().then(
      (all) => live && setDefinitions(all.filter((definition) => person.mayStart.includes(definition.id))),
      () => live && setDefinitions([]),
    );
    return () => {
      live = false;
    };
  }, [client, person]);

  const chosen = workflowId ?? (definitions?.length === 1 ? definitions[0]!.id : null);
  const chosenDefinition = definitions?.find((definition) => definition.id === chosen);
  const chosenTitle = chosenDefinition ? pickLabel(chosenDefinition.title, locale) : null;
  return (
    <div className="portal-page">
      <div className="portal-page-head">
        <ScreenHeading
          title={chosenTitle ? `${chosenTitle} — ${t('startTitle')}` : t('startTitle')}
          site={t('organisation')}
        >
          {t('startTitle')}
        </ScreenHeading>
        <p className="portal-lead">{t('startLead')}</p>
      </div>
      <div className="portal-start">
        <nav className="portal-card portal-start-list" aria-label={t('startTitle')}>
          {definitions && definitions.length === 0 ? <p className="portal-muted">{t('startNone')}</p> : null}
          <ul>
            {(definitions ?? []).map((definition) => (
              <li key={definition.id}>
                <a
                  href={hrefOf({ page: 'start', workflowId: definition.id })}
                  aria-current={chosen === definition.id ? 'page' : undefined}
                >
                  <strong>{pickLabel(definition.title, locale)}</strong>
                  {definition.description ? (
                    <span className="portal-muted">{pickLabel(definition.description, locale)}</span>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="portal-card portal-start-form">
          {chosen ? (
            <StartForm
              workflowId={chosen}
              onStarted={(instance) => navigate({ page: 'instance', instanceId: instance.id })}
            />
          ) : (
            <p className="portal-muted">{t('chooseWorkflow')}</p>
          )}
        </div>
      </div>
    </div>
  );
}
