import { useId, useState, type FormEvent } from 'react';
import type { DoanflowApiError } from '@doanflow/client';
import type { ActingForm, AllowedEvent, DefinitionView } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { toneIn, variantOf } from '../shared/action-tone.ts';
import { ErrorSummary } from '../shared/ErrorSummary.tsx';
import {
  formErrors,
  hasFields,
  initialValue,
  SchemaFormFields,
  serverFieldErrors,
  toSubmitValue,
  validate,
  type FieldErrors,
} from '../shared/schema-form/SchemaForm.tsx';
import type { Decision } from './approval.machine.ts';

interface DecisionFormProps {
  allowed: AllowedEvent[];
  definition: DefinitionView;
  busy: boolean;
  /** The server's refusal of the last attempt: its field issues are shown in the form. */
  sendError: DoanflowApiError | undefined;
  onDecide: (decision: Decision) => void;
}

const needsForm = (event: AllowedEvent, definition: DefinitionView) =>
  event.acting.length > 1 || hasFields(definition.events.find((spec) => spec.type === event.type)?.payload);

/** The buttons the server allows, a comment, and — when a decision asks for them — its details. */
export function DecisionForm({ allowed, definition, busy, sendError, onDecide }: DecisionFormProps) {
  const { locale, t } = useDoanflow();
  const commentId = useId();
  const irreversibleId = `${commentId}-irreversible`;
  const [comment, setComment] = useState('');
  const [chosen, setSelected] = useState<AllowedEvent | null>(null);
  // After a refresh the choice may no longer be allowed: the server's list wins.
  const selected = chosen ? (allowed.find((event) => event.type === chosen.type) ?? null) : null;

  const decide = (event: AllowedEvent, extra: { payload?: unknown; acting?: ActingForm } = {}) =>
    onDecide({
      type: event.type,
      comment: comment.trim() || null,
      irreversible: event.irreversible,
      ...extra,
    });

  return (
    <div className="df-ApprovalPanel-decide">
      <div className="df-Field">
        <label htmlFor={commentId} className="df-Field-label">
          {t('approval.comment')}
        </label>
        <textarea
          id={commentId}
          part="field"
          className="df-Field-control df-ApprovalPanel-comment"
          rows={3}
          value={comment}
          aria-describedby={`${commentId}-hint`}
          onChange={(event) => setComment(event.target.value)}
        />
        <span id={`${commentId}-hint`} className="df-Widget-muted">
          {t('approval.commentHint')}
        </span>
      </div>
      <span id={irreversibleId} hidden>
        {t('approval.irreversible')}
      </span>
      <div className="df-ApprovalPanel-decisions" role="group" aria-label={t('approval.decisions')}>
        {allowed.map((event) => {
          const withForm = needsForm(event, definition);
          return (
            <button
              key={event.type}
              type="button"
              part="button"
              className="df-Button df-ApprovalPanel-decision"
              data-event={event.type}
              data-irreversible={event.irreversible}
              data-tone={toneIn(definition, event.type)}
              data-variant={variantOf(toneIn(definition, event.type))}
              aria-pressed={withForm ? selected?.type === event.type : undefined}
              aria-describedby={event.irreversible ? irreversibleId : undefined}
              disabled={busy}
              onClick={() => (withForm ? setSelected(event) : decide(event))}
            >
              {pickLabel(event.label, locale)}
            </button>
          );
        })}
      </div>
      {selected ? (
        <DecisionDetails
          key={selected.type}
          event={selected}
          definition={definition}
          busy={busy}
          sendError={sendError}
          irreversibleId={irreversibleId}
          onCancel={() => setSelected(null)}
          onSubmit={(extra) => decide(selected, extra)}
        />
      ) : null}
    </div>
  );
}

interface DecisionDetailsProps {
  event: AllowedEvent;
  definition: DefinitionView;
  busy: boolean;
  sendError: DoanflowApiError | undefined;
  irreversibleId: string;
  onCancel: () => void;
  onSubmit: (extra: { payload?: unknown; acting?: ActingForm }) => void;
}

function DecisionDetails(props: DecisionDetailsProps) {
  const { event, definition, busy, sendError, irreversibleId, onCancel, onSubmit } = props;
  const { locale, t } = useDoanflow();
  const idPrefix = useId();
  const schema = definition.events.find((spec) => spec.type === event.type)?.payload ?? {};
  const withPayload = hasFields(schema);
  const [acting, setActing] = useState<ActingForm>(event.acting.includes('self') ? 'self' : event.acting[0]!);
  const [value, setValue] = useState<unknown>(() => initialValue(schema));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const decision = pickLabel(event.label, locale);
  const shownErrors = { ...(sendError ? serverFieldErrors(sendError.details) : {}), ...errors };

  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault();
    const found = withPayload ? validate(schema, value, t) : {};
    setErrors(found);
    if (Object.keys(found).length) {
      setAttempt((count) => count + 1);
      return;
    }
    onSubmit({
      ...(withPayload ? { payload: toSubmitValue(schema, value) } : {}),
      ...(event.acting.length > 1 ? { acting } : {}),
    });
  };

  return (
    <form
      className="df-ApprovalPanel-form"
      noValidate
      onSubmit={submit}
      aria-label={t('approval.details', { decision })}
    >
      <ErrorSummary errors={formErrors(schema, shownErrors, idPrefix, locale, t)} attempt={attempt} />
      {event.acting.length > 1 ? (
        <fieldset className="df-Field-group df-ApprovalPanel-acting">
          <legend className="df-Field-label">{t('approval.acting')}</legend>
          {event.acting.map((form) => (
            <label key={form} className="df-Field-choice">
              <input
                type="radio"
                name={`${idPrefix}-acting`}
                value={form}
                checked={acting === form}
                onChange={() => setActing(form)}
              />
              {t(`approval.acting.${form}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {withPayload ? (
        <SchemaFormFields
          schema={schema}
          idPrefix={idPrefix}
          value={value}
          errors={shownErrors}
          onChange={setValue}
        />
      ) : null}
      <div className="df-Dialog-actions">
        <button type="button" part="button" className="df-Button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          part="button"
          className="df-Button"
          data-tone={toneIn(definition, event.type)}
          data-variant={variantOf(toneIn(definition, event.type))}
          aria-describedby={event.irreversible ? irreversibleId : undefined}
          disabled={busy}
        >
          {busy ? t('approval.sending') : `${t('approval.send')}: ${decision}`}
        </button>
      </div>
    </form>
  );
}
