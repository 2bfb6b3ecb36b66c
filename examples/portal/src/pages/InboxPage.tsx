import { Inbox } from '@doanflow/widgets';
import { ScreenHeading } from '../ScreenHeading.tsx';
import type { PortalText } from '../strings.ts';

/** The officer's tasks; opening one goes to its page (the provider's onNavigate). */
export function InboxPage({ t }: { t: PortalText }) {
  return (
    <div className="portal-page">
      <div className="portal-page-head">
        <ScreenHeading title={t('navInbox')} site={t('organisation')} />
        <p className="portal-lead">{t('inboxLead')}</p>
      </div>
      <div className="portal-card">
        <Inbox />
      </div>
    </div>
  );
}
