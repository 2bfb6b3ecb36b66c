import { ApprovalPanel, ProgressDiagram, Timeline } from '@doanflow/widgets';
import { hrefOf } from '../routes.ts';
import type { PortalText } from '../strings.ts';

/** One request: decide on the left; where it stands and what happened on the right. */
export function InstancePage({ t, instanceId }: { t: PortalText; instanceId: string }) {
  return (
    <div className="portal-page">
      <p>
        <a className="portal-back" href={hrefOf({ page: 'inbox' })}>
          {t('backToInbox')}
        </a>
      </p>
      <div className="portal-instance">
        <div className="portal-card portal-instance-main">
          <ApprovalPanel instanceId={instanceId} />
        </div>
        <aside className="portal-instance-side">
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
