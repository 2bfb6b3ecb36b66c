import { useEffect } from 'react';

/** Calls `onOnline` when the browser regains the network (offline widgets reload by themselves). */
export function useWhenOnline(onOnline: () => void): void {
  useEffect(() => {
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [onOnline]);
}

export const browserIsOffline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;
