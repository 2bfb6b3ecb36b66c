import { useEffect, useId, useRef, useState } from 'react';
import type { BulkResult, DefinitionEventView, DefinitionView, TaskView } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { variantOf } from '../shared/action-tone.ts';
import { ConfirmDialog } from '../shared/ConfirmDialog.tsx';
import { errorMessage } from '../shared/error-message.ts';
import { normalize } from '../shared/schema-form/schema.ts';

interface BulkBarProps {
  tasks: TaskView[];
  definitions: DefinitionView[];
  busy: boolean;
  onApply: (type: string) => void;
}

const needsNoInput = (event: DefinitionEventView) => (normalize(event.payload).required ?? []).length === 0;

/**
 * The decisions every selected task allows that need no details (those that need them are taken
 * one by one in the approval panel).
 */
export function commonDecisions(tasks: TaskView[], definitions: DefinitionView[]): DefinitionEventView[] {
  const [first, ...rest] = tasks;
  if (!first) return [];
  const types = first.events.filter((type) => rest.every((task) => task.events.includes(type)));
  return types.flatMap((type) => {
    const specs = tasks.map((task) =>
      definitions.find((d) => d.id === task.workflowId)?.events.find((e) => e.type === type),
    );
    const spec = specs[0];
    return spec && specs.every((s) => s && !s.timer && needsNoInput(s)) ? [spec] : [];
  });
}

export function BulkBar({ tasks, definitions, busy, onApply }: BulkBarProps) {
  const { locale, t } = useDoanflow();
  const id = useId();
  const [type, setType] = useState('');
  const [confirming, setConfirming] = useState(false);
  const options = commonDecisions(tasks, definitions);
  const chosen = options.find((option) => option.type === type);
  if (tasks.length === 0) return null;
  const apply = () => (chosen?.irreversible ? setConfirming(true) : chosen && onApply(chosen.type));
  return (
    <div className="df-Inbox-bulk" role="group" aria-labelledby={`${id}-count`}>
      <span id={`${id}-count`} className="df-Inbox-selectedCount">
        {t('inbox.selected', { count: tasks.length })}
      </span>
      {options.length === 0 ? (
        <span className="df-Widget-muted">{t('inbox.bulkNone')}</span>
      ) : (
        <>
          <div className="df-Field">
            <label htmlFor={`${id}-decision`} className="df-Field-label">
              {t('inbox.bulkDecision')}
            </label>
            <select
              id={`${id}-decision`}
              part="field"
              className="df-Field-control"
              value={type}
              onChange={(event) => setType(event.target.value)}
            >
              <option value="">{t('inbox.bulkChoose')}</option>
              {options.map((option) => (
                <option key={option.type} value={option.type}>
                  {pickLabel(option.label, locale)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            part="button"
            className="df-Button"
            data-tone={chosen?.tone}
            data-variant={variantOf(chosen?.tone)}
            disabled={!chosen || busy}
            onClick={apply}
          >
            {t('inbox.bulkApply')}
          </button>
        </>
      )}
      {confirming && chosen ? (
        <ConfirmDialog
          title={t('approval.confirmTitle')}
          body={t('approval.confirmBody', { decision: pickLabel(chosen.label, locale) })}
          confirmLabel={t('approval.confirmYes')}
          variant={variantOf(chosen.tone)}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            onApply(chosen.type);
          }}
        />
      ) : null}
    </div>
  );
}

/** What a bulk decision did, item by item: it takes focus when it arrives (the outcome of the action). */
export function BulkResults({ results, tasks }: { results: BulkResult[]; tasks: TaskView[] }) {
  const { t } = useDoanflow();
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.focus(), [results]);
  const subjectOf = (instanceId: string) =>
    tasks.find((task) => task.instanceId === instanceId)?.subject ?? instanceId;
  return (
    <section ref={box} tabIndex={-1} className="df-Inbox-bulkResults" aria-label={t('inbox.bulkResults')}>
      <ul className="df-Inbox-results">
        {results.map((result) => (
          <li key={result.instanceId} className="df-Inbox-result" data-ok={result.ok}>
            {subjectOf(result.instanceId)}:{' '}
            {result.ok
              ? t('inbox.bulkOk')
              : t('inbox.bulkFailed', { message: errorMessage(result.error, t) })}
          </li>
        ))}
      </ul>
    </section>
  );
}
