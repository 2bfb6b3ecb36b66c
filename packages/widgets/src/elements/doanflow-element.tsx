import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { TokenSource } from '@doanflow/client';
import type { Locale } from '@doanflow/client';
import { isLocale } from '../i18n/translate.ts';
import type { Navigation } from '../provider/context.ts';
import { adoptStylesheet } from '../theme/adopt.ts';
import { ElementShell } from './ElementShell.tsx';
import { joinSession, leaveSession, sessionKey, type ElementSession } from './sessions.ts';

/**
 * The attributes every doanflow element observes; an element adds its own (`instance-id`…).
 * `navigation`: the page answers `doanflow:navigate`, so the widgets offer "next task" and "back to
 * the list" after a decision.
 */
export const commonAttributes = ['base-url', 'token', 'locale', 'navigation'] as const;

/**
 * The base of every `<doanflow-…>` element: a shadow root styled by a constructable stylesheet
 * (no `<style>` element, so a `style-src 'self'` policy has nothing to refuse), the token as an
 * attribute, a `token` property or a `getToken` callback, and every attribute reactive — an
 * empty value counts as absent: no token signs out (requests stop, the screen clears), no
 * `instance-id` shows nothing.
 */
export abstract class DoanflowElement extends HTMLElement {
  static get observedAttributes(): readonly string[] {
    return commonAttributes;
  }

  private readonly mount: HTMLDivElement;
  private root: Root | null = null;
  private session: ElementSession | null = null;
  private tokenValue: string | undefined;
  private tokenCallback: (() => string | Promise<string>) | undefined;
  private scheduled = false;
  private readonly navigate = (navigation: Navigation) => this.emit('doanflow:navigate', navigation);

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    adoptStylesheet(shadow);
    this.mount = document.createElement('div');
    shadow.append(this.mount);
  }

  /** What the element shows for its current attributes, or null for nothing. */
  protected abstract content(): ReactNode;

  /** A non-empty attribute value, trimmed; an empty one counts as absent. */
  protected attribute(name: string): string | undefined {
    const value = this.getAttribute(name)?.trim();
    return value ? value : undefined;
  }

  /** Dispatches a DOM event from the element: it bubbles and leaves the shadow root. */
  protected emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The bearer token (kept out of the DOM, unlike the attribute); null or '' signs out. */
  get token(): string | null {
    return this.tokenValue ?? this.attribute('token') ?? null;
  }
  set token(value: string | null | undefined) {
    this.tokenValue = value ? value : undefined;
    this.update();
  }

  /** Asked for a fresh token before each request and after a 401; it wins over `token`. */
  get getToken(): (() => string | Promise<string>) | undefined {
    return this.tokenCallback;
  }
  set getToken(callback: (() => string | Promise<string>) | null | undefined) {
    this.tokenCallback = callback ?? undefined;
    this.update();
  }

  connectedCallback(): void {
    // A property the page set before this script defined the element sits on the instance and
    // hides the accessor: take it over.
    for (const name of ['token', 'getToken'] as const) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete (this as Partial<Record<typeof name, unknown>>)[name];
        (this as Record<typeof name, unknown>)[name] = value;
      }
    }
    this.update();
  }

  disconnectedCallback(): void {
    // Moved within the page (removed and inserted in one task): keep everything.
    queueMicrotask(() => {
      if (!this.isConnected) this.clear();
    });
  }

  attributeChangedCallback(): void {
    this.update();
  }

  /** Renders once for a burst of changes (a portal setting several attributes in a row). */
  protected update(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.render();
    });
  }

  private render(): void {
    if (!this.isConnected) return;
    const source: TokenSource | undefined = this.tokenCallback ?? this.token ?? undefined;
    if (!source) return this.clear();
    const baseUrl = (this.attribute('base-url') ?? '').replace(/\/+$/, '');
    if (this.session?.key !== sessionKey(baseUrl, source)) {
      // Another server or another person: nothing of the previous one stays on screen.
      this.clear();
      this.session = joinSession(this, baseUrl, source);
    } else this.session.client.keeper.set(source);
    const locale = this.attribute('locale');
    const chosen: Locale = isLocale(locale) ? locale : 'vi';
    this.root ??= createRoot(this.mount);
    this.root.render(
      <ElementShell
        key={this.session.key}
        session={this.session}
        locale={chosen}
        onNavigate={this.hasAttribute('navigation') ? this.navigate : undefined}
      >
        {this.content()}
      </ElementShell>,
    );
  }

  private clear(): void {
    this.root?.unmount();
    this.root = null;
    if (this.session) leaveSession(this, this.session);
    this.session = null;
  }
}
