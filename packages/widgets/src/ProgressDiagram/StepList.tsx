import type { DefinitionView, PendingTimer, StateDescription } from '@doanflow/client';
import { formatDateTime } from '../i18n/dates.ts';
import { timerPhrase } from '../i18n/timer-phrase.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { within, type DiagramMarks } from './diagram-marks.ts';

/**
 * The workflow's steps as a list in the officer's words: the diagram's text alternative (and the
 * whole widget when no drawing could be had). Current, passed and final steps are said, not only
 * coloured; the timers waiting on the current step follow it.
 */
export function StepList({
  nodes,
  definition,
  marks,
  timers,
}: {
  nodes: StateDescription[];
  definition: DefinitionView;
  marks: DiagramMarks;
  timers: readonly PendingTimer[];
}) {
  const { locale, t, now } = useDoanflow();
  const visible = nodes.filter((node) => node.type !== 'history');
  if (visible.length === 0) return null;
  return (
    <ol className="df-ProgressDiagram-list">
      {visible.map((node) => {
        const active = marks.current.some((leaf) => within(leaf, node.path));
        const here = marks.current.includes(node.path);
        const passed = !active && marks.visited.has(node.path);
        const label =
          pickLabel(definition.states.find((state) => state.path === node.path)?.label, locale) ||
          pickLabel(node.label, locale);
        return (
          <li key={node.path} className="df-ProgressDiagram-item" data-path={node.path}>
            <span
              className="df-ProgressDiagram-step"
              data-current={active}
              data-visited={passed}
              data-final={node.type === 'final'}
              aria-current={here ? 'step' : undefined}
            >
              {label}
              {here ? <span className="df-VisuallyHidden"> ({t('progress.current')})</span> : null}
              {passed ? <span className="df-VisuallyHidden"> ({t('progress.passed')})</span> : null}
              {node.type === 'final' ? (
                <span className="df-VisuallyHidden"> ({t('progress.final')})</span>
              ) : null}
            </span>
            {here && timers.length ? (
              <ul className="df-ProgressDiagram-timers">
                {timers.map((timer) => (
                  <li key={timer.id} className="df-ProgressDiagram-timer" data-timer-kind={timer.kind}>
                    {timerPhrase(timer, t, now())} (
                    {pickLabel(definition.events.find((e) => e.type === timer.event.type)?.label, locale)},{' '}
                    <time dateTime={timer.due}>{formatDateTime(timer.due, locale)}</time>)
                  </li>
                ))}
              </ul>
            ) : null}
            {node.children.length ? (
              <StepList nodes={node.children} definition={definition} marks={marks} timers={timers} />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
