import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useDoanflow } from '../provider/context.ts';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation for irreversible decisions: focus starts on Cancel (the safe choice), Tab
 * stays inside, Escape cancels, and focus returns to where it was when the dialog closes.
 */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useDoanflow();
  const titleId = useId();
  const bodyId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const root = dialogRef.current?.getRootNode() as Document | ShadowRoot | undefined;
    const previous = root?.activeElement as HTMLElement | null | undefined;
    cancelRef.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'Tab') return;
    const buttons = Array.from(dialogRef.current?.querySelectorAll<HTMLElement>('button') ?? []);
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    const active = (dialogRef.current?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  return (
    <div className="df-Dialog-backdrop">
      <div
        ref={dialogRef}
        className="df-Dialog-content"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} part="title" className="df-Widget-title df-Dialog-title">
          {title}
        </h2>
        <p id={bodyId} className="df-Dialog-body">
          {body}
        </p>
        <div className="df-Dialog-actions">
          <button ref={cancelRef} type="button" part="button" className="df-Button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" part="button" className="df-Button" data-variant="danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
