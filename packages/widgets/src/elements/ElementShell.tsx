import type { ReactNode } from 'react';
import type { Locale } from '../client/types.ts';
import { isLocale } from '../i18n/translate.ts';
import { DoanflowProvider } from '../provider/DoanflowProvider.tsx';
import { stylesheet } from '../theme/Styles.tsx';

/** The attributes every doanflow element takes (r2wc maps base-url → baseUrl and so on). */
export interface ElementAttributes {
  baseUrl?: string;
  token?: string;
  locale?: string;
  /** The shadow root (or the element) r2wc renders into. */
  container?: HTMLElement | ShadowRoot;
}

/** The element itself, whichever root r2wc rendered into. */
export function hostOf(container: ElementAttributes['container']): HTMLElement | null {
  if (!container) return null;
  return container instanceof ShadowRoot ? (container.host as HTMLElement) : container;
}

/**
 * Dispatches a DOM event from the element: bubbles and crosses the shadow boundary, so a plain
 * HTML page can listen on the element or on document.
 */
export function emit(container: ElementAttributes['container'], type: string, detail: unknown): void {
  hostOf(container)?.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/**
 * Provider and stylesheet for one element: the stylesheet lives inside its shadow root. Until the
 * page sets a token the element waits (every API call without one would be refused with 401);
 * a later token (a refresh) is picked up without remounting the widget.
 */
export function ElementShell({
  baseUrl,
  token,
  locale,
  children,
}: ElementAttributes & { children: ReactNode }) {
  const chosen: Locale = isLocale(locale) ? locale : 'vi';
  if (!token) return <style>{stylesheet}</style>;
  return (
    <>
      <style>{stylesheet}</style>
      <DoanflowProvider baseUrl={baseUrl ?? ''} token={token} locale={chosen} injectStyles={false}>
        {children}
      </DoanflowProvider>
    </>
  );
}
