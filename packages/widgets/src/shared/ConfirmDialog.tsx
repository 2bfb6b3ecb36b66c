import { useEffect, useId, useRef, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useDoanflow } from '../provider/context.ts';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where focus goes when the control that opened the dialog is gone or disabled once it closes. */
  fallbackFocus?: () => HTMLElement | null | undefined;
}

/** A control focus can return to: still on the page, enabled, not hidden. */
export const canTakeFocus = (element: HTMLElement | null | undefined): element is HTMLElement =>
  Boolean(
    element?.isConnected && !(element as HTMLButtonElement).disabled && !element.closest('[hidden], [inert]'),
  );

/**
 * A modal confirmation for irreversible decisions, as a native `<dialog>` opened with showModal():
 * everything else on the page is inert (out of the accessibility tree and out of reach of Tab),
 * focus starts on Cancel (the safe choice) and Tab cycles through the dialog, Escape cancels. When it closes, focus returns to the
 * control that opened it if that still exists and is enabled, else to `fallbackFocus`, else to
 * the widget's heading — never to the page's body.
 */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onCancel,
  fallbackFocus,
}: ConfirmDialogProps) {
  const { t } = useDoanflow();
  const titleId = useId();
  const bodyId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const fallback = useRef(fallbackFocus);
  useEffect(() => {
    fallback.current = fallbackFocus;
  });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return undefined;
    const root = dialog.getRootNode() as Document | ShadowRoot;
    const opener = root.activeElement as HTMLElement | null;
    const widget = dialog.closest<HTMLElement>('.df-root');
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // After the commit that closed the dialog: the opener may have been disabled or removed.
      queueMicrotask(() => {
        const target = [
          opener,
          fallback.current?.(),
          widget?.querySelector<HTMLElement>('.df-Widget-title'),
        ].find(canTakeFocus);
        target?.focus();
      });
    };
  }, []);

  // Escape: the browser would close the dialog behind React's back; cancel instead.
  const cancelled = (event: SyntheticEvent) => {
    event.preventDefault();
    onCancel();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      cancelled(event);
      return;
    }
    // The rest of the page is inert, but Tab would still leave for the browser's own controls.
    if (event.key !== 'Tab') return;
    const buttons = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button') ?? [])];
    const active = (dialogRef.current?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement;
    const [first, last] = [buttons[0], buttons.at(-1)];
    if (event.shiftKey ? active === first : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first)?.focus();
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="df-Dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={cancelled}
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
    </dialog>
  );
}
