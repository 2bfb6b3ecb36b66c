import type { PendingDocuments } from './Dossier.tsx';

/** The waiting uploads a decision takes (by the kinds its event accepts), as its `attachments`. */
export function attachableTo(
  pending: PendingDocuments | null,
  eventType: string,
): { attachments?: string[] } {
  const accepts = pending?.events.find((event) => event.type === eventType)?.accepts ?? [];
  const ids = (pending?.files ?? []).filter((file) => accepts.includes(file.kind)).map((file) => file.id);
  return ids.length ? { attachments: ids } : {};
}
