import { useMachine } from '@xstate/react';
import { useCallback, useId, useState, type Ref } from 'react';
import type { DefinitionView, UnitReport } from '@doanflow/client';
import { formatDate } from '../i18n/dates.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { createLoadMachine } from '../shared/load.machine.ts';
import { ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useWhenOnline } from '../shared/use-online.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { DashboardChart, type ChartRow } from './DashboardChart.tsx';
import { dashboardWords } from './dashboard-words.ts';

export interface DashboardProps {
  /** The unit whose report is shown (with every unit below it). */
  unitId: string;
  /** The report's year (default: this year); the officer may pick another. */
  year?: number;
  ref?: Ref<HTMLElement>;
}

interface DashboardData {
  report: UnitReport;
  definitions: Map<string, DefinitionView>;
}

const dashboardMachine = createLoadMachine<DashboardData>();

/**
 * A unit's report as a standing committee hands it in: branch ratings, "1+2" days, open work,
 * lead times, awards and transfers, each as bars with their figures in words; downloads as XLSX
 * (the format officers forward) and CSV.
 */
export function Dashboard(props: DashboardProps) {
  const { now } = useDoanflow();
  const [year, setYear] = useState(props.year ?? now().getFullYear());
  return <DashboardForYear key={`${props.unitId}@${year}`} {...props} year={year} onYear={setYear} />;
}

function DashboardForYear({
  unitId,
  year,
  onYear,
  ref,
}: DashboardProps & { year: number; onYear: (year: number) => void }) {
  const { client, locale, now } = useDoanflow();
  const t = dashboardWords(locale);
  const titleId = useId();
  const yearId = useId();
  const query = { from: `${year}-01-01`, to: `${year}-12-31` };
  const [snapshot, send] = useMachine(dashboardMachine, {
    input: {
      load: async () => {
        const report = await client.getReport(unitId, query);
        const ids = [...new Set([...report.openTasks, ...report.leadTimes].map((row) => row.workflowId))];
        const definitions = await Promise.all(ids.map((id) => client.getDefinition(id).catch(() => null)));
        return {
          report,
          definitions: new Map(
            definitions.flatMap((definition) => (definition ? [[definition.id, definition]] : [])),
          ),
        };
      },
    },
  });
  const retry = useCallback(() => send({ type: 'RETRY' }), [send]);
  useWhenOnline(retry);
  const [downloading, setDownloading] = useState(false);
  const download = async (format: 'xlsx' | 'csv') => {
    setDownloading(true);
    try {
      const blob = await client.reportFile(unitId, format, query);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `bao-cao-${unitId}-${year}.${format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } finally {
      setDownloading(false);
    }
  };

  const data = snapshot.context.data;
  const ready = data !== undefined && (snapshot.matches('ready') || snapshot.matches('refreshing'));
  const thisYear = now().getFullYear();
  return (
    <WidgetRoot
      name="Dashboard"
      state={ready ? 'ready' : String(snapshot.value)}
      labelledBy={titleId}
      ref={ref}
    >
      <h2 id={titleId} part="title" className="df-Widget-title df-Dashboard-title">
        {t('title', { unit: data?.report.unitName ?? unitId })}
      </h2>
      <div className="df-Dashboard-controls">
        <label htmlFor={yearId}>{t('year')}</label>{' '}
        <select
          id={yearId}
          className="df-Field-control"
          value={year}
          onChange={(event) => onYear(Number(event.currentTarget.value))}
        >
          {[thisYear, thisYear - 1, thisYear - 2].map((each) => (
            <option key={each} value={each}>
              {each}
            </option>
          ))}
        </select>
        <span role="group" aria-label={t('download')} className="df-Dashboard-downloads">
          {(['xlsx', 'csv'] as const).map((format) => (
            <button
              key={format}
              type="button"
              part="button"
              className="df-Button"
              disabled={!ready || downloading}
              onClick={() => void download(format)}
            >
              {t(`${format}`)}
            </button>
          ))}
        </span>
      </div>
      {snapshot.matches('loading') ? <LoadingStatus /> : null}
      {snapshot.matches('offline') ? <OfflineStatus onRetry={retry} /> : null}
      {snapshot.matches('error') ? <ErrorStatus error={snapshot.context.error} onRetry={retry} /> : null}
      {ready ? <DashboardSections data={data} /> : null}
    </WidgetRoot>
  );
}

function DashboardSections({ data }: { data: DashboardData }) {
  const { locale } = useDoanflow();
  const t = dashboardWords(locale);
  const { report, definitions } = data;
  const number = (value: number) => value.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB');
  const stepName = (workflowId: string, step: string) => {
    const definition = definitions.get(workflowId);
    const workflow = definition ? pickLabel(definition.title, locale) : workflowId;
    if (step === '*') return `${workflow}: ${t('wholeWorkflow')}`;
    const state = definition?.states.find((each) => each.path === step || each.path.endsWith(`.${step}`));
    return `${workflow}: ${state ? pickLabel(state.label, locale) : step}`;
  };
  const ratings: ChartRow[] = report.ratings.map((row) => ({
    key: row.level,
    label: t(`level.${row.level}`),
    value: row.branches,
    words: number(row.branches),
  }));
  const fieldDays: ChartRow[] = report.fieldDays.map((row) => ({
    key: `${row.cadreId}@${row.unitId}`,
    label: row.cadreName,
    value: row.creditedDays,
    target: row.quotaDays,
    words:
      t('days', { credited: number(row.creditedDays), quota: number(row.quotaDays) }) +
      (row.exempt ? ` (${t('exempt')})` : ''),
  }));
  const openTasks: ChartRow[] = report.openTasks.map((row) => ({
    key: `${row.workflowId}|${row.step}`,
    label: stepName(row.workflowId, row.step),
    value: row.open,
    words: t('openCount', { open: number(row.open), overdue: number(row.overdue) }),
  }));
  const leadTimes: ChartRow[] = report.leadTimes.map((row) => ({
    key: `${row.workflowId}|${row.step}`,
    label: stepName(row.workflowId, row.step),
    value: row.p50Hours,
    target: row.p90Hours,
    words: t('hours', {
      p50: number(row.p50Hours),
      p90: number(row.p90Hours),
      count: number(row.count),
    }),
  }));
  const awards: ChartRow[] = report.awards.map((row) => ({
    key: `${row.campaignId}|${row.unitId}`,
    label: `${row.unitName} · ${row.round}`,
    value: row.submitted,
    target: row.quota,
    words: t('awardCount', {
      submitted: number(row.submitted),
      quota: number(row.quota),
      awarded: number(row.awarded),
    }),
  }));
  const transfers: ChartRow[] = report.transfers.map((row) => ({
    key: row.unitId,
    label: row.unitName,
    value: row.incoming,
    target: row.incoming + row.outgoing,
    words: t('transferCount', { incoming: number(row.incoming), outgoing: number(row.outgoing) }),
  }));
  return (
    <>
      <p className="df-Dashboard-period">
        {t('period', { from: formatDate(report.from, locale), to: formatDate(report.to, locale) })}
      </p>
      <DashboardChart section="ratings" title={t('ratings')} rows={ratings} />
      <DashboardChart section="fieldDays" title={t('fieldDays')} rows={fieldDays} />
      <DashboardChart section="openTasks" title={t('openTasks')} rows={openTasks} />
      <DashboardChart section="leadTimes" title={t('leadTimes')} rows={leadTimes} />
      <DashboardChart section="awards" title={t('awards')} rows={awards} />
      <DashboardChart section="transfers" title={t('transfers')} rows={transfers} />
    </>
  );
}
