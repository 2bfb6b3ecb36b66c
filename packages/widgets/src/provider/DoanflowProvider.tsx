import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { ChangeSubscriptionOptions } from '@doanflow/client';
import { createDoanflowClient, type DoanflowClient } from '@doanflow/client';
import type { TokenSource } from '@doanflow/client';
import type { Locale } from '@doanflow/client';
import { vi, type Messages } from '../i18n/messages.vi.ts';
import { translatorFor } from '../i18n/translate.ts';
import type { DoanflowTheme } from '../theme/tokens.ts';
import { DoanflowContext, type DoanflowContextValue, type Navigation } from './context.ts';

export interface DoanflowProviderProps {
  baseUrl: string;
  /** A bearer token, or a function returning a fresh one before each request (and after a 401). */
  token?: TokenSource;
  /**
   * The server refused the token and no fresh one came (the stream ended at its expiry, or a 401):
   * pass a new `token` and the widgets reload by themselves.
   */
  onTokenExpired?: () => void;
  /**
   * The host portal moves the officer where a widget offers (the next task after a decision, the
   * list, a task opened in the inbox): see docs/portal-integration.md, "Focus and navigation".
   */
  onNavigate?: (navigation: Navigation) => void;
  /** The language of server labels, dates and numbers: Vietnamese by default. */
  locale?: Locale;
  /**
   * The UI strings: Vietnamese by default. Any other locale brings its catalogue, so a bundle carries
   * only the languages it shows: `import { en } from '@doanflow/widgets/locales/en'`, then
   * `locale="en" messages={en}`.
   */
  messages?: Messages;
  theme?: DoanflowTheme;
  /** Set false when the portal ships the stylesheet itself (see `stylesheet`). */
  injectStyles?: boolean;
  /** For hosts and tests: a fetch to use, or a ready-made client. */
  fetch?: typeof globalThis.fetch;
  client?: DoanflowClient;
  now?: () => Date;
  /** The change stream's reconnect delays, and whether tabs share it (default true). */
  streamOptions?: ChangeSubscriptionOptions & { shareAcrossTabs?: boolean };
  children?: ReactNode;
}

const systemClock = () => new Date();

function defaultMessages(locale: Locale): Messages {
  if (locale === 'vi') return vi;
  throw new Error(
    `DoanflowProvider: locale "${locale}" needs its catalogue: import { ${locale} } from '@doanflow/widgets/locales/${locale}' and pass messages={${locale}}`,
  );
}

/** Configuration every doanflow widget below it reads: where the server is, who calls, in which language. */
export function DoanflowProvider(props: DoanflowProviderProps) {
  const {
    baseUrl,
    token,
    fetch,
    locale = 'vi',
    messages,
    theme,
    injectStyles = true,
    now = systemClock,
    onTokenExpired,
    onNavigate,
  } = props;
  const client = useMemo(
    () =>
      props.client ??
      createDoanflowClient({
        baseUrl,
        token,
        ...(fetch ? { fetch } : {}),
        ...(props.streamOptions ? { stream: props.streamOptions } : {}),
        // The widgets show a failure at once and offer their own retry (the same decision keeps
        // its Idempotency-Key; offline decisions wait in the queue): no silent retries behind it.
        retry: { attempts: 0 },
      }),
    // The token is not a dependency: a new one (a refresh) goes to the same client, so widgets keep
    // their state and their live stream.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
    [props.client, baseUrl, fetch, props.streamOptions],
  );
  useEffect(() => {
    if (!props.client) client.keeper.set(token);
  }, [client, props.client, token]);
  const expired = useRef(onTokenExpired);
  useEffect(() => {
    expired.current = onTokenExpired;
  });
  useEffect(
    () => client.keeper.subscribe((state) => (state === 'expired' ? expired.current?.() : undefined)),
    [client],
  );
  const value = useMemo<DoanflowContextValue>(
    () => ({
      client,
      locale,
      t: translatorFor(messages ?? defaultMessages(locale)),
      theme,
      injectStyles,
      now,
      onNavigate,
    }),
    [client, locale, messages, theme, injectStyles, now, onNavigate],
  );
  // Widgets bind to the client they mounted with: another server means mounting them afresh.
  return (
    <DoanflowContext.Provider key={baseUrl} value={value}>
      {props.children}
    </DoanflowContext.Provider>
  );
}
