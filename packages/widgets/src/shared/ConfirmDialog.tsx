import { useId, useRef } from 'react';
import { useDoanflow } from '../provider/context.ts';
import { ModalDialog } from './ModalDialog.tsx';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  /** The confirm button's look: that of the decision it confirms (red for a destructive one). */
  variant?: 'primary' | 'danger' | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where focus goes when the control that opened the dialog is gone or disabled once it closes. */
  fallbackFocus?: () => HTMLElement | null | undefined;
}

/** A confirmation for irreversible decisions: focus starts on Cancel, the safe choice. */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  variant,
  onConfirm,
  onCancel,
  fallbackFocus,
}: ConfirmDialogProps) {
  const { t } = useDoanflow();
  const titleId = useId();
  const bodyId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <ModalDialog
      role="alertdialog"
      labelledBy={titleId}
      describedBy={bodyId}
      initialFocus={cancelRef}
      onClose={onCancel}
      fallbackFocus={fallbackFocus}
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
        <button type="button" part="button" className="df-Button" data-variant={variant} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
