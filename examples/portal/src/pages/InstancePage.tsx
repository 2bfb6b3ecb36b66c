import { ApprovalPanel, pickLabel, ProgressDiagram, Timeline, useDoanflow } from '@doanflow/widgets';
import { useEffect, useState } from 'react';
import { hrefOf } from '../routes.ts';
import { ScreenHeading } from '../ScreenHeading.tsx';
import type { PortalText } from '../strings.ts';

/** The case's name for the page's heading and title: its workflow and whom it is about. */
function useCaseName(instanceId: string): string | null {
  const { client, locale } = useDoanflow();
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.getInstance(instanceId).then(
      (instance) => {
        const subject = instance.tasks.find((task) => task.subject)?.subject;
        const title = pickLabel(instance.title, locale);
        if (live) setName(subject ? `${title} — ${subject}` : title);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, instanceId, locale]);
  return name;
}

/** One request: decide on the left; where it stands and what happened on the right. */
export function InstancePage({ t, instanceId }: { t: PortalText; instanceId: string }) {
  const name = useCaseName(instanceId);
  return (
    <div className="portal-page">
      <p>
        <a className="portal-back" href={hrefOf({ page: 'inbox' })}>
          {t('backToInbox')}
        </a>
      </p>
      <div className="portal-page-head">
        <ScreenHeading title={name ?? t('instanceTitle')} site={t('organisation')}>
          {t('instanceTitle')}
          {name ? `: ${name}` : ''}
        </ScreenHeading>
      </div>
      <div className="portal-instance">
        <div className="portal-card portal-instance-main">
          <ApprovalPanel instanceId={instanceId} />
        </div>
        <aside className="portal-instance-side" aria-label={t('instanceSide')}>
          <div className="portal-card">
            <ProgressDiagram instanceId={instanceId} />
          </div>
          <div className="portal-card">
            <Timeline instanceId={instanceId} />
          </div>
        </aside>
      </div>
    </div>
  );
}
