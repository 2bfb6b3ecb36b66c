import { useMachine } from '@xstate/react';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import type { DoanflowApiError } from '@doanflow/client';
import type { DefinitionView, InstanceView } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { errorMessage } from '../shared/error-message.ts';
import { ErrorSummary, type FormError } from '../shared/ErrorSummary.tsx';
import { FocusedNotice } from '../shared/FocusedNotice.tsx';
import {
  formErrors,
  initialValue,
  SchemaFormFields,
  serverFieldErrors,
  toSubmitValue,
  validate,
  type FieldErrors,
} from '../shared/schema-form/SchemaForm.tsx';
import { ErrorStatus, LoadingStatus, OfflineStatus } from '../shared/StatusView.tsx';
import { useWhenOnline } from '../shared/use-online.ts';
import { WidgetRoot } from '../shared/WidgetRoot.tsx';
import { startFormMachine } from './start-form.machine.ts';

export interface StartFormProps {
  workflowId: string;
  /** Called once the server created the instance. */
  onStarted?: (instance: InstanceView) => void;
  ref?: Ref<HTMLElement>;
}

/** A form generated from the workflow's input JSON Schema, validated in the officer's language. */
export function StartForm(props: StartFormProps) {
  return <StartFormForWorkflow key={props.workflowId} {...props} />;
}

function StartFormForWorkflow({ workflowId, onStarted, ref }: StartFormProps) {
  const { client, locale, t, onNavigate } = useDoanflow();
  const titleId = useId();
  const [snapshot, send] = useMachine(startFormMachine, {
    input: {
      loadDefinition: () => client.getDefinition(workflowId),
      start: (input, key) => client.startInstance(workflowId, input, key),
    },
  });
  const retry = useCallback(() => send({ type: 'RETRY' }), [send]);
  useWhenOnline(retry);
  const started = snapshot.context.started;
  const notified = useRef<InstanceView | undefined>(undefined);
  const startedNotice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (started && notified.current !== started) {
      notified.current = started;
      // The outcome takes focus (read out once); a host that changes screens moves it on.
      startedNotice.current?.focus();
      onStarted?.(started);
    }
  }, [started, onStarted]);

  const { definition } = snapshot.context;
  const state = String(snapshot.value);
  return (
    <WidgetRoot name="StartForm" state={state} labelledBy={titleId} ref={ref}>
      <h2 id={titleId} part="title" className="df-Widget-title">
        {t('start.title', { workflow: definition ? pickLabel(definition.title, locale) : workflowId })}
      </h2>
      {state === 'loading' ? <LoadingStatus /> : null}
      {state === 'offline' ? <OfflineStatus onRetry={retry} /> : null}
      {state === 'error' ? <ErrorStatus error={snapshot.context.error} onRetry={retry} /> : null}
      {state === 'started' && started ? (
        <FocusedNotice ref={startedNotice} kind="success" text={t('start.started')}>
          <div className="df-StartForm-actions">
            {onNavigate ? (
              <button
                type="button"
                part="button"
                className="df-Button"
                data-variant="primary"
                onClick={() => onNavigate({ to: 'task', instanceId: started.id })}
              >
                {t('start.open')}
              </button>
            ) : null}
            <button type="button" part="button" className="df-Button" onClick={() => send({ type: 'RESET' })}>
              {t('start.submit')}
            </button>
          </div>
        </FocusedNotice>
      ) : null}
      {definition && (state === 'ready' || state === 'submitting') ? (
        <GeneratedForm
          definition={definition}
          submitting={state === 'submitting'}
          submitError={snapshot.context.submitError}
          onSubmit={(input) => send({ type: 'SUBMIT', input })}
        />
      ) : null}
    </WidgetRoot>
  );
}

interface GeneratedFormProps {
  definition: DefinitionView;
  submitting: boolean;
  submitError: DoanflowApiError | undefined;
  onSubmit: (input: unknown) => void;
}

function GeneratedForm({ definition, submitting, submitError, onSubmit }: GeneratedFormProps) {
  const { locale, t } = useDoanflow();
  const idPrefix = useId();
  const [value, setValue] = useState<unknown>(() => initialValue(definition.input));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const serverErrors = submitError ? serverFieldErrors(submitError.details) : {};
  const shownErrors = { ...serverErrors, ...errors };
  const summary: FormError[] = formErrors(definition.input, shownErrors, idPrefix, locale, t);
  // A refusal that names no field is said in the summary too, so every error is in one place.
  if (submitError && Object.keys(serverErrors).length === 0)
    summary.push({ message: t('start.serverRejected', { message: errorMessage(submitError, t) }) });
  // A refusal from the server counts as an attempt: focus goes to the summary then too.
  useEffect(() => {
    if (submitError) setAttempt((count) => count + 1);
  }, [submitError]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(definition.input, value, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((count) => count + 1);
      return;
    }
    onSubmit(toSubmitValue(definition.input, value));
  };

  return (
    <form className="df-StartForm-form" noValidate onSubmit={submit}>
      <ErrorSummary errors={summary} attempt={attempt} />
      <SchemaFormFields
        schema={definition.input}
        idPrefix={idPrefix}
        value={value}
        errors={shownErrors}
        onChange={setValue}
      />
      <div className="df-StartForm-actions">
        <button
          type="submit"
          part="button"
          className="df-Button"
          data-variant="primary"
          disabled={submitting}
        >
          {submitting ? t('start.submitting') : t('start.submit')}
        </button>
      </div>
    </form>
  );
}
