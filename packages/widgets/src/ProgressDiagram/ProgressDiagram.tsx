import { useMachine } from '@xstate/react';
import { useCallback, useId, useMemo, type Ref } from 'react';
import type { DefinitionView, Locale } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { EmptyStatus, ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useChanges } from '../shared/use-changes.ts';
import { useWhenOnline } from '../shared/use-online.ts';
import { useStepVoice } from '../shared/use-step-voice.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { DiagramFigure } from './DiagramFigure.tsx';
import { diagramMarks, leavesOf, noMarks } from './diagram-marks.ts';
import { progressMachine, type ProgressData } from './progress.machine.ts';
import { StepList } from './StepList.tsx';

export type ProgressDiagramProps = (
  | { instanceId: string; workflowId?: undefined; state?: undefined }
  | { instanceId?: undefined; workflowId: string; state?: string | null }
) & { live?: boolean; ref?: Ref<HTMLElement> };

/**
 * The workflow's statechart drawn as the server laid it out, in the officer's words: the current
 * step lit, the path taken numbered, the transitions timers wait on marked; below it the steps as a
 * list, which is also the drawing's text alternative.
 */
export function ProgressDiagram(props: ProgressDiagramProps) {
  return (
    <Diagram key={`${props.instanceId ?? ''}|${props.workflowId ?? ''}|${props.state ?? ''}`} {...props} />
  );
}

function Diagram({ instanceId, workflowId, state = null, live = true, ref }: ProgressDiagramProps) {
  const { client, locale, t } = useDoanflow();
  const titleId = useId();
  const [snapshot, send] = useMachine(progressMachine, {
    input: {
      load: async (): Promise<ProgressData> => {
        if (instanceId === undefined) {
          const definition = await client.getDefinition(workflowId);
          return { definition, state, history: [], timers: [], diagram: await drawing(definition) };
        }
        const [instance, history] = await Promise.all([
          client.getInstance(instanceId),
          client.getHistory(instanceId),
        ]);
        const definition = await client.getDefinition(instance.workflowId, instance.version);
        return {
          definition,
          state: instance.state,
          revision: instance.revision,
          history,
          timers: instance.timers,
          diagram: await drawing(definition),
        };
      },
    },
  });
  // Without its drawing (an older server, a failed layout) the widget still says it all as a list.
  const drawing = (definition: DefinitionView) =>
    client.getDiagram(definition.id, definition.version, locale).catch(() => null);
  const retry = useCallback(() => send({ type: 'RETRY' }), [send]);
  useWhenOnline(retry);
  const data = snapshot.context.data;
  // Where the case went, if neither a timeline nor a panel on the page says it better.
  const { said, heard } = useStepVoice(instanceId, data?.revision, 1, (revision) =>
    data?.state && revision === data.revision
      ? t('live.progress', {
          title: pickLabel(data.definition.title, locale),
          state: stateWords(data.definition, data.state, locale),
        })
      : null,
  );
  useChanges(
    (change) => {
      if (change.instanceId !== instanceId) return;
      heard(change);
      send({ type: 'REFRESH' });
    },
    live && instanceId !== undefined,
    () => {
      retry();
      send({ type: 'REFRESH' });
    },
  );
  const marks = useMemo(
    () => (data?.diagram ? diagramMarks(data.diagram, data.state, data.history, data.timers) : null),
    [data],
  );
  const shown = snapshot.matches('ready') || snapshot.matches('refreshing');
  const listMarks = marks ?? (data ? { ...noMarks, current: leavesOf(data.state) } : noMarks);
  return (
    <WidgetRoot
      name="ProgressDiagram"
      state={shown ? (data?.definition.statechart.length ? 'ready' : 'empty') : String(snapshot.value)}
      labelledBy={titleId}
      ref={ref}
      said={said}
    >
      <h2 id={titleId} part="title" className="df-Widget-title">
        {t('progress.title')}
        {data ? `: ${pickLabel(data.definition.title, locale)}` : ''}
      </h2>
      {snapshot.matches('loading') ? <LoadingStatus /> : null}
      {snapshot.matches('offline') ? <OfflineStatus onRetry={retry} /> : null}
      {snapshot.matches('error') ? <ErrorStatus error={snapshot.context.error} onRetry={retry} /> : null}
      {data && shown && data.definition.statechart.length === 0 ? (
        <EmptyStatus message={t('progress.empty')} />
      ) : null}
      {data && shown && data.diagram && marks && data.diagram.nodes.length ? (
        <DiagramFigure
          diagram={data.diagram}
          marks={marks}
          timed={data.timers.length > 0}
          label={
            data.state
              ? t('progress.drawingAt', { state: stateWords(data.definition, data.state, locale) })
              : t('progress.drawing')
          }
        />
      ) : null}
      {data && shown ? (
        <StepList
          nodes={data.definition.statechart}
          definition={data.definition}
          marks={listMarks}
          timers={data.timers}
        />
      ) : null}
    </WidgetRoot>
  );
}

/** A state in words: each region's step, joined ("a|b" for parallel regions). */
const stateWords = (definition: DefinitionView, state: string, locale: Locale) =>
  leavesOf(state)
    .map((leaf) => pickLabel(definition.states.find((each) => each.path === leaf)?.label, locale) || leaf)
    .join(', ');
