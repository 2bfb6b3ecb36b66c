import { useMachine } from '@xstate/react';
import { useCallback, useId, type Ref } from 'react';
import type { DefinitionView, Locale, StateDescription } from '../client/types.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { EmptyStatus, ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useChanges } from '../shared/use-changes.ts';
import { useWhenOnline } from '../shared/use-online.ts';
import { useStepVoice } from '../shared/use-step-voice.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { progressMachine, type ProgressData } from './progress.machine.ts';

export type ProgressDiagramProps = (
  | { instanceId: string; workflowId?: undefined; state?: undefined }
  | { instanceId?: undefined; workflowId: string; state?: string | null }
) & { live?: boolean; ref?: Ref<HTMLElement> };

/** The workflow's steps in the officer's words, with the current one highlighted. */
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
        if (instanceId === undefined) return { definition: await client.getDefinition(workflowId), state };
        const instance = await client.getInstance(instanceId);
        return {
          definition: await client.getDefinition(instance.workflowId, instance.version),
          state: instance.state,
          revision: instance.revision,
        };
      },
    },
  });
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
  const shown = snapshot.matches('ready') || snapshot.matches('refreshing');
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
      {data && shown ? (
        <Steps
          nodes={data.definition.statechart}
          definition={data.definition}
          current={leavesOf(data.state)}
        />
      ) : null}
    </WidgetRoot>
  );
}

const leavesOf = (state: string | null): string[] => (state ? state.split('|') : []);

/** A state in words: each region's step, joined ("a|b" for parallel regions). */
const stateWords = (definition: DefinitionView, state: string, locale: Locale) =>
  leavesOf(state)
    .map((leaf) => pickLabel(definition.states.find((each) => each.path === leaf)?.label, locale) || leaf)
    .join(', ');
const isCurrent = (path: string, leaves: string[]) =>
  leaves.some((leaf) => leaf === path || leaf.startsWith(`${path}.`));

function Steps({
  nodes,
  definition,
  current,
}: {
  nodes: StateDescription[];
  definition: DefinitionView;
  current: string[];
}) {
  const { locale, t } = useDoanflow();
  const visible = nodes.filter((node) => node.type !== 'history');
  if (visible.length === 0) return null;
  return (
    <ol className="df-ProgressDiagram-list">
      {visible.map((node) => {
        const active = isCurrent(node.path, current);
        const label =
          pickLabel(definition.states.find((state) => state.path === node.path)?.label, locale) ||
          pickLabel(node.label, locale);
        return (
          <li key={node.path} className="df-ProgressDiagram-item" data-path={node.path}>
            <span
              className="df-ProgressDiagram-step"
              data-current={active}
              data-final={node.type === 'final'}
              aria-current={active && current.includes(node.path) ? 'step' : undefined}
            >
              {label}
              {active && current.includes(node.path) ? (
                <span className="df-VisuallyHidden"> ({t('progress.current')})</span>
              ) : null}
              {node.type === 'final' ? (
                <span className="df-VisuallyHidden"> ({t('progress.final')})</span>
              ) : null}
            </span>
            {node.children.length ? (
              <Steps nodes={node.children} definition={definition} current={current} />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
