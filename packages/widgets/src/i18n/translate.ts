import type { Label, Locale } from '../client/types.ts';
import { en } from './messages.en.ts';
import { vi, type MessageKey, type Messages } from './messages.vi.ts';

export const catalogues: Record<Locale, Messages> = { vi, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Looks a message up and fills `{name}` placeholders; values are plain text, never markup. */
export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, values = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (match, name: string) =>
      name in values ? String(values[name]) : match,
    );
}

/** A server label in the chosen language (falling back to the other one if empty). */
export const pickLabel = (label: Label | null | undefined, locale: Locale): string =>
  label ? label[locale] || label.vi || label.en : '';

export const isLocale = (value: unknown): value is Locale => value === 'vi' || value === 'en';
