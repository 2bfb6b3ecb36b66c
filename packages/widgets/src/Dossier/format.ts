import type { DoanflowApiError } from '@doanflow/client';
import type { DossierKindView, Label, Locale } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';

/** "1,2 MB" / "1.2 MB": sizes as officers read them. */
export function formatSize(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    maximumFractionDigits: digits,
  }).format(value);
  return `${number} ${units[unit]}`;
}

const typeNames: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
};

export const typeName = (mediaType: string) => typeNames[mediaType] ?? mediaType;

/** What a file input may offer for a kind (the server still decides from the bytes). */
export const acceptAttribute = (kind: DossierKindView) => kind.accepts.join(',');

/** The values an error sentence about documents needs: the limit, the kinds missing. */
export function documentErrorValues(
  error: Pick<DoanflowApiError, 'details'>,
  kinds: readonly { id: string; label: Label }[],
  locale: Locale,
): Record<string, string> {
  const details = error.details ?? {};
  const label = (id: string) => pickLabel(kinds.find((kind) => kind.id === id)?.label, locale) || id;
  const missing = Array.isArray(details['missing']) ? (details['missing'] as string[]) : [];
  const maxBytes = typeof details['maxBytes'] === 'number' ? details['maxBytes'] : null;
  return {
    missing: missing.map(label).join(', '),
    max: maxBytes === null ? '' : formatSize(maxBytes, locale),
  };
}

/** Shown in the page: PDFs and images. */
export const previewable = (mediaType: string) =>
  mediaType === 'application/pdf' || mediaType.startsWith('image/');
