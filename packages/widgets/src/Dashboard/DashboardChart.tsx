import { useId } from 'react';
import { useDoanflow } from '../provider/context.ts';
import { dashboardWords } from './dashboard-words.ts';

export interface ChartRow {
  key: string;
  label: string;
  /** The bar's length, against the chart's largest value (or `max`). */
  value: number;
  /** A second, lighter bar behind the first (a quota, or the p90 behind the median). */
  target?: number | undefined;
  /** The figure in words, as the table shows it and a screen reader reads it. */
  words: string;
}

/**
 * One section as a table whose last column draws a bar: the table is the chart's text, so nothing
 * is said twice (the bars are hidden from assistive technology) and it reflows at 390 px.
 */
export function DashboardChart({
  title,
  rows,
  section,
}: {
  title: string;
  rows: ChartRow[];
  section: string;
}) {
  const t = dashboardWords(useDoanflow().locale);
  const titleId = useId();
  const max = Math.max(1, ...rows.flatMap((row) => [row.value, row.target ?? 0]));
  const width = (value: number) => `${Math.max(0, Math.min(100, (value / max) * 100))}%`;
  return (
    <section className="df-Dashboard-section" data-section={section} aria-labelledby={titleId}>
      <h3 id={titleId} className="df-Dashboard-sectionTitle">
        {title}
      </h3>
      {rows.length === 0 ? (
        <p className="df-Dashboard-none">{t('none')}</p>
      ) : (
        <table className="df-Dashboard-table" aria-labelledby={titleId}>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td>
                  <span className="df-Dashboard-words">{row.words}</span>
                  <svg
                    className="df-Dashboard-bar"
                    aria-hidden="true"
                    focusable="false"
                    width="100%"
                    height="10"
                  >
                    {row.target !== undefined ? (
                      <rect
                        className="df-Dashboard-target"
                        x="0"
                        y="0"
                        height="10"
                        width={width(row.target)}
                      />
                    ) : null}
                    <rect className="df-Dashboard-value" x="0" y="1" height="8" width={width(row.value)} />
                  </svg>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
