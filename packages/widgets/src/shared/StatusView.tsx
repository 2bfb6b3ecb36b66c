import type { DoanflowApiError } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';
import { errorMessage } from './error-message.ts';

/** The loading, offline and error panels every widget shows in place of its content. */
export function LoadingStatus() {
  const { t } = useDoanflow();
  return (
    <p part="status" className="df-Status" data-kind="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function EmptyStatus({ message }: { message: string }) {
  return (
    <p part="status" className="df-Status" data-kind="empty" role="status">
      {message}
    </p>
  );
}

export function OfflineStatus({ onRetry }: { onRetry: () => void }) {
  const { t } = useDoanflow();
  return (
    <div part="status" className="df-Status" data-kind="offline" role="status">
      <p>
        <strong>{t('common.offlineTitle')}</strong> {t('common.offlineHint')}
      </p>
      <button type="button" part="button" className="df-Button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

export function ErrorStatus({
  error,
  onRetry,
}: {
  error: DoanflowApiError | undefined;
  onRetry: () => void;
}) {
  const { t } = useDoanflow();
  return (
    <div part="status" className="df-Status" data-kind="error" role="alert">
      <p>
        <strong>{t('common.errorTitle')}</strong> {error ? errorMessage(error, t) : null}
      </p>
      <button type="button" part="button" className="df-Button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
