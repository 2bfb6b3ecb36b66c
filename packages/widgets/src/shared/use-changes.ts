import { useEffect, useRef, useState } from 'react';
import type { StreamStatus } from '../client/change-stream.ts';
import type { ChangeEvent } from '../client/types.ts';
import { useDoanflow } from '../provider/context.ts';

/**
 * Listens to the server's change stream while mounted. Without EventSource (old browsers, some
 * test environments) and no stand-in, it stays silent and the widget works without live updates.
 */
export function useChanges(onChange: (change: ChangeEvent) => void, enabled = true): StreamStatus {
  const { client, streamOptions } = useDoanflow();
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const [status, setStatus] = useState<StreamStatus>('closed');
  useEffect(() => {
    const available = streamOptions.createEventSource || typeof EventSource !== 'undefined';
    if (!enabled || !available) return undefined;
    return client.subscribe((change) => latest.current(change), { ...streamOptions, onStatus: setStatus });
  }, [client, streamOptions, enabled]);
  return status;
}
