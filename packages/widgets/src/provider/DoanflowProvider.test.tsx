import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi as mock } from 'vitest';
import { en } from '../locales/en.ts';
import { LoadingStatus } from '../shared/StatusView.tsx';
import { DoanflowProvider } from './DoanflowProvider.tsx';

const never = () => new Promise<Response>(() => {});

describe('DoanflowProvider languages', () => {
  it('speaks Vietnamese without a catalogue, and English with the one a portal imports', () => {
    const { rerender } = render(
      <DoanflowProvider baseUrl="http://doanflow.test" fetch={never}>
        <LoadingStatus />
      </DoanflowProvider>,
    );
    expect(screen.getByRole('status').textContent).toContain('Đang tải');
    rerender(
      <DoanflowProvider baseUrl="http://doanflow.test" fetch={never} locale="en" messages={en}>
        <LoadingStatus />
      </DoanflowProvider>,
    );
    expect(screen.getByRole('status').textContent).toContain('Loading');
  });

  it('refuses a language whose catalogue was not passed, saying where it is', () => {
    // React reports the render error on the console as well; keep the test output clean.
    const quiet = mock.spyOn(console, 'error').mockImplementation(() => {});
    expect(() =>
      render(
        <DoanflowProvider baseUrl="http://doanflow.test" fetch={never} locale="en">
          <LoadingStatus />
        </DoanflowProvider>,
      ),
    ).toThrow(`import { en } from '@doanflow/widgets/locales/en' and pass messages={en}`);
    quiet.mockRestore();
  });
});
