import { render, type RenderResult } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactElement } from 'react';
import { expect } from 'vitest';
import type { Locale } from '@doanflow/client';
import { catalogues } from '../i18n/catalogues.ts';
import { DoanflowProvider, type DoanflowProviderProps } from '../provider/DoanflowProvider.tsx';
import { fixedNow } from './fixtures.ts';
import type { FakeServer } from './fake-server.ts';

export const BASE_URL = 'http://doanflow.test';

/** Renders a widget inside a Provider that talks to the fake server, at a fixed time. */
export function renderWidget(
  ui: ReactElement,
  server: FakeServer,
  options: { locale?: Locale } & Partial<DoanflowProviderProps> = {},
): RenderResult & { setLocale: (next: Locale) => void } {
  const { locale = 'vi', ...rest } = options;
  const wrap = (element: ReactElement, nextLocale: Locale = locale) => (
    <DoanflowProvider
      baseUrl={BASE_URL}
      token="test-token"
      fetch={server.fetch}
      now={fixedNow}
      locale={nextLocale}
      messages={catalogues[nextLocale]}
      {...rest}
    >
      {element}
    </DoanflowProvider>
  );
  const result = render(wrap(ui));
  return { ...result, setLocale: (next: Locale) => result.rerender(wrap(ui, next)) };
}

/**
 * Runs axe on the rendered widget. Colour contrast needs layout, which happy-dom does not do: the
 * browser tests cover it.
 */
export async function expectNoAxeViolations(container: Element) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`,
  );
  expect(summary).toEqual([]);
}
