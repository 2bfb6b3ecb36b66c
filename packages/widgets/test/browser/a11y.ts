import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { CDPSession, Page } from 'playwright-core';
import { expect } from 'vitest';
import { contrastRatio } from '../../src/theme/contrast.ts';

/**
 * What the browser tests check of accessibility, in the real Chromium: axe-core (from npm, run in
 * the page through the DevTools protocol, so no Content-Security-Policy stands in its way), the
 * accessibility tree (live regions, the focused node) over CDP, the focus ring's contrast against
 * what is behind it, and reflow.
 */
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe's WCAG 2.2 A/AA rules on the whole page, shadow roots included: the violations, one line
 * each, prefixed with the state of the page they were found in.
 */
export async function axeViolations(page: Page, state: string): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(await axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return results.violations.map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`).join(' | ')}`,
    );
  });
  return found.map((violation) => `${state}: ${violation}`);
}

interface AXProperty {
  name: string;
  value: { value?: unknown };
}
interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  description?: { value?: string };
  properties?: AXProperty[];
  childIds?: string[];
}

const cdpSessions = new WeakMap<Page, Promise<CDPSession>>();
function cdp(page: Page): Promise<CDPSession> {
  let session = cdpSessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    cdpSessions.set(page, session);
  }
  return session;
}

async function axNodes(page: Page): Promise<Map<string, AXNode>> {
  const session = await cdp(page);
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  return new Map(nodes.map((node) => [node.nodeId, node]));
}

const property = (node: AXNode, name: string) =>
  node.properties?.find((each) => each.name === name)?.value.value;

function textOf(nodes: Map<string, AXNode>, node: AXNode): string {
  if (node.role?.value === 'StaticText') return String(node.name?.value ?? '');
  return (node.childIds ?? [])
    .map((id) => nodes.get(id))
    .filter((child): child is AXNode => Boolean(child))
    .map((child) => textOf(nodes, child))
    .join('');
}

/** What every live region of the page says now, as the accessibility tree exposes it. */
export async function liveRegions(page: Page): Promise<{ live: string; text: string }[]> {
  const nodes = await axNodes(page);
  return [...nodes.values()]
    .filter((node) => !node.ignored && ['polite', 'assertive'].includes(String(property(node, 'live'))))
    .filter((node) => property(node, 'root') === undefined || property(node, 'root') === node.nodeId)
    .map((node) => ({ live: String(property(node, 'live')), text: textOf(nodes, node).trim() }))
    .filter(
      (region, index, all) => all.findIndex((other) => other.text === region.text) === index || !region.text,
    );
}

/** Waits until exactly one live region says something containing `words`, and returns it. */
export async function expectAnnouncedOnce(
  page: Page,
  words: string | RegExp,
  timeout = 15_000,
): Promise<string> {
  const matches = async () =>
    (await liveRegions(page)).filter((region) =>
      typeof words === 'string' ? region.text.includes(words) : words.test(region.text),
    );
  await expect.poll(async () => (await matches()).length, { timeout }).toBeGreaterThan(0);
  const found = await matches();
  expect(found.map((region) => region.live)).toEqual(['polite']);
  return found[0]!.text;
}

/** The focused node of the accessibility tree: its role, name and description (what is read out). */
export async function focusedNode(page: Page): Promise<{ role: string; name: string; description: string }> {
  const nodes = await axNodes(page);
  // The document reports focus too: the focused node is the innermost one.
  const focused = [...nodes.values()]
    .filter((node) => property(node, 'focused') === true && node.role?.value !== 'RootWebArea')
    .at(-1);
  return {
    role: String(focused?.role?.value ?? 'none'),
    name: String(focused?.name?.value ?? ''),
    description: String(focused?.description?.value ?? ''),
  };
}

/** The controls the accessibility tree exposes (a modal dialog hides the rest): "role name" each. */
export async function controlsInReach(page: Page): Promise<string[]> {
  const nodes = await axNodes(page);
  const controls = ['button', 'link', 'textbox', 'checkbox', 'combobox', 'radio'];
  return [...nodes.values()]
    .filter((node) => !node.ignored && controls.includes(String(node.role?.value)))
    .map((node) => `${node.role?.value} ${node.name?.value ?? ''}`);
}

/** The focused element through shadow roots: never the page's body after an action. */
export interface Focused {
  /** The custom element whose shadow root holds it ('' in the page's own DOM). */
  host: string;
  tag: string;
  label: string;
  /** The inbox row it is in, if any. */
  row: string | null;
}

export async function focusedElement(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    let host = '';
    while (active?.shadowRoot?.activeElement) {
      host = active.tagName.toLowerCase();
      active = active.shadowRoot.activeElement;
    }
    const label =
      active?.getAttribute('aria-label') ??
      (active?.getAttribute('aria-labelledby')
        ? (active.getRootNode() as Document).getElementById(
            active.getAttribute('aria-labelledby')!.split(' ')[0]!,
          )?.textContent
        : active?.textContent) ??
      '';
    return {
      host,
      tag: active?.tagName.toLowerCase() ?? '',
      label: label.trim().replace(/\s+/g, ' ').slice(0, 160),
      row: active?.closest('[data-instance-id]')?.getAttribute('data-instance-id') ?? null,
    };
  });
}

/**
 * The focused element's ring (its outline colour, when it has one) and the colour behind it: the
 * first opaque background among its ancestors, through shadow roots.
 */
export async function focusRing(page: Page): Promise<{ ring: string | null; behind: string; what: string }> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return { ring: null, behind: 'rgb(255, 255, 255)', what: 'nothing' };
    const style = getComputedStyle(active);
    // 'auto' is the browser's own ring (Chromium draws it in two tones, dark and white, so it
    // stands out on any background): the embedding page's own controls keep it.
    const ring =
      style.outlineStyle === 'auto'
        ? 'auto'
        : style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
          ? style.outlineColor
          : null;
    let node: Element | null = active.parentElement ?? (active.getRootNode() as ShadowRoot).host ?? null;
    let behind = 'rgb(255, 255, 255)';
    while (node) {
      const background = getComputedStyle(node).backgroundColor;
      if (background && !/rgba\(.*,\s*0\)$/.test(background) && background !== 'transparent') {
        behind = background;
        break;
      }
      node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    }
    return { ring, behind, what: `${active.tagName.toLowerCase()}.${String(active.className)}` };
  });
}

/** Tabs once and checks the ring of what took focus: there, and 3:1 against what it sits on. */
export async function tabAndCheckRing(page: Page, key = 'Tab'): Promise<Focused> {
  await page.keyboard.press(key);
  const { ring, behind, what } = await focusRing(page);
  const ratio = ring === 'auto' ? 3 : ring ? Math.round(contrastRatio(ring, behind) * 100) / 100 : 0;
  expect({ what, ring, behind, enough: ratio >= 3 }).toEqual({ what, ring, behind, enough: true });
  return focusedElement(page);
}

/** Tabs (checking each ring) until `wanted` holds for the focused element; fails after `limit` stops. */
export async function tabTo(page: Page, wanted: (focused: Focused) => boolean, limit = 60): Promise<Focused> {
  for (let stops = 0; stops < limit; stops += 1) {
    const focused = await tabAndCheckRing(page);
    if (wanted(focused)) return focused;
  }
  throw new Error(`not reached in ${limit} Tab stops: ${JSON.stringify(await focusedElement(page))}`);
}

/** Nothing scrolls sideways: the page is no wider than its viewport. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Chromium's default font size (the setting "Font size" in the browser's appearance settings). */
export async function setDefaultFontSize(page: Page, pixels: number): Promise<void> {
  await (await cdp(page)).send('Page.setFontSizes', { fontSizes: { standard: pixels, fixed: 13 } });
}
