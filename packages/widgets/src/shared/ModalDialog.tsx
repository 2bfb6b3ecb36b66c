import {
  useEffect,
  useRef,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  type SyntheticEvent,
} from 'react';

interface ModalDialogProps {
  role: 'dialog' | 'alertdialog';
  labelledBy: string;
  describedBy?: string;
  className?: string;
  /** Where focus starts (the safe choice: Cancel, Close). */
  initialFocus: RefObject<HTMLElement | null>;
  /** Escape, or the browser's own closing: the owner unmounts the dialog. */
  onClose: () => void;
  /** Where focus goes when the control that opened the dialog is gone or disabled once it closes. */
  fallbackFocus?: (() => HTMLElement | null | undefined) | undefined;
  children: ReactNode;
}

/** A control focus can return to: still on the page, enabled, not hidden. */
const canTakeFocus = (element: HTMLElement | null | undefined): element is HTMLElement =>
  Boolean(
    element?.isConnected && !(element as HTMLButtonElement).disabled && !element.closest('[hidden], [inert]'),
  );

/**
 * Every dialog of the widgets: a native `<dialog>` opened with showModal(), so everything else on
 * the page is inert (out of the accessibility tree and out of reach of Tab, across shadow roots),
 * Tab cycles inside it and Escape closes it. When it closes, focus returns to the control that
 * opened it if that still exists and is enabled, else to `fallbackFocus`, else to the widget's
 * heading — never to the page's body.
 */
export function ModalDialog(props: ModalDialogProps) {
  const { role, labelledBy, describedBy, className, initialFocus, onClose, children } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const fallback = useRef(props.fallbackFocus);
  useEffect(() => {
    fallback.current = props.fallbackFocus;
  });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return undefined;
    const opener = (dialog.getRootNode() as Document | ShadowRoot).activeElement as HTMLElement | null;
    const widget = dialog.closest<HTMLElement>('.df-root');
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    initialFocus.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // After the commit that closed the dialog: the opener may have been disabled or removed.
      queueMicrotask(() => {
        const heading = widget?.querySelector<HTMLElement>('.df-Widget-title[tabindex]');
        [opener, fallback.current?.(), heading].find(canTakeFocus)?.focus();
      });
    };
    // Opened once per mount.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Escape: the browser would close the dialog behind React's back; the owner closes it instead.
  const cancelled = (event: SyntheticEvent) => {
    event.preventDefault();
    onClose();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      cancelled(event);
      return;
    }
    // The rest of the page is inert, but Tab would still leave for the browser's own controls.
    if (event.key !== 'Tab') return;
    const controls = [
      ...(dialogRef.current?.querySelectorAll<HTMLElement>('button:not(:disabled), a[href], iframe') ?? []),
    ];
    const active = (dialogRef.current?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement;
    const [first, last] = [controls[0], controls.at(-1)];
    if (event.shiftKey ? active === first : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first)?.focus();
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className={className ? `df-Dialog ${className}` : 'df-Dialog'}
      role={role}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={cancelled}
      onKeyDown={onKeyDown}
    >
      {children}
    </dialog>
  );
}
