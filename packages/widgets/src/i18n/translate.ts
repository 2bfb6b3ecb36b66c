import type { Label, Locale } from '@doanflow/client';
import type { MessageKey, Messages } from './messages.vi.ts';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Looks a message up in one catalogue and fills `{name}` placeholders; values are plain text, never markup. */
export function translatorFor(messages: Messages): Translate {
  return (key, values = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (match, name: string) =>
      name in values ? String(values[name]) : match,
    );
}

/** A server label in the chosen language (falling back to the other one if empty). */
export const pickLabel = (label: Label | null | undefined, locale: Locale): string =>
  label ? label[locale] || label.vi || label.en : '';

export const isLocale = (value: unknown): value is Locale => value === 'vi' || value === 'en';
