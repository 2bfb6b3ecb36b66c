import { useEffect, useRef, useState } from 'react';
import type { StreamStatus } from '@doanflow/client';
import type { ChangeEvent } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';

/**
 * Listens to the server's change stream while mounted. `onResync` runs when changes were missed
 * and cannot be replayed (or after a new token replaced an expired one): reload what is shown.
 */
export function useChanges(
  onChange: (change: ChangeEvent) => void,
  enabled = true,
  onResync?: () => void,
): StreamStatus {
  const { client } = useDoanflow();
  const latest = useRef({ onChange, onResync });
  useEffect(() => {
    latest.current = { onChange, onResync };
  });
  const [status, setStatus] = useState<StreamStatus>('closed');
  useEffect(() => {
    if (!enabled) return undefined;
    return client.subscribe({
      onChange: (change) => latest.current.onChange(change),
      onResync: () => latest.current.onResync?.(),
      onStatus: setStatus,
    });
  }, [client, enabled]);
  return status;
}
