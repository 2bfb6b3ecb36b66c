import { useInsertionEffect, useMemo, useRef, type ReactNode } from 'react';
import type { ChangeSubscriptionOptions } from '../client/change-stream.ts';
import { createDoanflowClient, type DoanflowClient } from '../client/http-client.ts';
import { resolveToken, type TokenSource } from '../client/token.ts';
import type { Locale } from '../client/types.ts';
import { translator } from '../i18n/translate.ts';
import type { DoanflowTheme } from '../theme/tokens.ts';
import { DoanflowContext, type DoanflowContextValue } from './context.ts';

export interface DoanflowProviderProps {
  baseUrl: string;
  /** A bearer token, or a function returning a fresh one before each request. */
  token?: TokenSource;
  /** Vietnamese by default. */
  locale?: Locale;
  theme?: DoanflowTheme;
  /** Set false when the portal ships the stylesheet itself (see `stylesheet`). */
  injectStyles?: boolean;
  /** For hosts and tests: a fetch to use, or a ready-made client. */
  fetch?: typeof globalThis.fetch;
  client?: DoanflowClient;
  now?: () => Date;
  streamOptions?: Pick<ChangeSubscriptionOptions, 'createEventSource' | 'initialDelayMs' | 'maxDelayMs'>;
  children?: ReactNode;
}

const systemClock = () => new Date();

/** Configuration every doanflow widget below it reads: where the server is, who calls, in which language. */
export function DoanflowProvider(props: DoanflowProviderProps) {
  const { baseUrl, token, fetch, locale = 'vi', theme, injectStyles = true, now = systemClock } = props;
  // A new token (a refresh, or a web component's token attribute set by the page) is used by the
  // next request without a new client: widgets keep their state and their live stream.
  const latestToken = useRef(token);
  useInsertionEffect(() => {
    latestToken.current = token;
  }, [token]);
  const client = useMemo(
    () =>
      props.client ??
      createDoanflowClient({
        baseUrl,
        token: async () => (await resolveToken(latestToken.current)) ?? '',
        ...(fetch ? { fetch } : {}),
      }),
    [props.client, baseUrl, fetch],
  );
  const value = useMemo<DoanflowContextValue>(
    () => ({
      client,
      locale,
      t: translator(locale),
      theme,
      injectStyles,
      now,
      streamOptions: props.streamOptions ?? {},
    }),
    [client, locale, theme, injectStyles, now, props.streamOptions],
  );
  // Widgets bind to the client they mounted with: another server means mounting them afresh.
  return (
    <DoanflowContext.Provider key={baseUrl} value={value}>
      {props.children}
    </DoanflowContext.Provider>
  );
}
