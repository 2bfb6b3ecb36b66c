import { useEffect, useId, useRef, type MouseEvent } from 'react';
import { useDoanflow } from '../provider/context.ts';

/** One thing to fix: what is wrong (saying the format wanted), and the field it is about. */
export interface FormError {
  message: string;
  /** The control to fix: the summary links to it. */
  fieldId?: string;
  label?: string;
}

interface ErrorSummaryProps {
  errors: FormError[];
  /** Changes with every refused submit: focus then moves to the summary, which is read out. */
  attempt: number;
}

/**
 * The one error summary of every form: a box at the top of the form listing each problem as a
 * link to its field. After a refused submit focus moves to it, so a screen reader reads how many
 * problems there are and what each is (its name and description), and the next Tab reaches the
 * first field to fix.
 */
export function ErrorSummary({ errors, attempt }: ErrorSummaryProps) {
  const { t } = useDoanflow();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const shown = errors.length > 0;
  useEffect(() => {
    if (attempt > 0 && shown) box.current?.focus();
  }, [attempt, shown]);
  if (!shown) return null;
  const goTo = (event: MouseEvent<HTMLAnchorElement>, fieldId: string) => {
    // The fields may be in a shadow root, where a #fragment link finds nothing.
    const root = event.currentTarget.getRootNode() as Document | ShadowRoot;
    const field = root.getElementById(fieldId);
    if (!field) return;
    event.preventDefault();
    field.focus();
  };
  return (
    <div
      ref={box}
      tabIndex={-1}
      part="notice"
      className="df-ErrorSummary"
      data-kind="error"
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-list`}
    >
      <h3 id={`${id}-title`} className="df-ErrorSummary-title">
        {errors.length === 1 ? t('form.oneError') : t('form.errors', { count: errors.length })}
      </h3>
      <ul id={`${id}-list`} className="df-ErrorSummary-list">
        {errors.map((error, index) => (
          <li key={error.fieldId ?? `message-${index}`}>
            {error.fieldId ? (
              <a
                href={`#${error.fieldId}`}
                className="df-Link"
                onClick={(event) => goTo(event, error.fieldId!)}
              >
                {error.label ? `${error.label}: ${error.message}` : error.message}
              </a>
            ) : (
              error.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
