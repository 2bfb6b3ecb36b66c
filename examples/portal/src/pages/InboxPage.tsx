import { Inbox } from '@doanflow/widgets';
import { navigate } from '../routes.ts';
import type { PortalText } from '../strings.ts';

/** The officer's tasks; opening one goes to its page. */
export function InboxPage({ t }: { t: PortalText }) {
  return (
    <div className="portal-page">
      <div className="portal-page-head">
        <h1>{t('navInbox')}</h1>
        <p className="portal-lead">{t('inboxLead')}</p>
      </div>
      <div className="portal-card">
        <Inbox onOpenTask={(task) => navigate({ page: 'instance', instanceId: task.instanceId })} />
      </div>
    </div>
  );
}
