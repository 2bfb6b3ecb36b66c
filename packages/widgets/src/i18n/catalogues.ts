import type { Locale } from '@doanflow/client';
import { en } from './messages.en.ts';
import { vi, type Messages } from './messages.vi.ts';
import { translatorFor, type Translate } from './translate.ts';

/**
 * Both catalogues, for what offers every language at once (the web-component script). A React portal
 * imports only the catalogues it shows (`@doanflow/widgets/locales/vi`, `…/en`), so a bundle that
 * never shows English carries none of it.
 */
export const catalogues: Record<Locale, Messages> = { vi, en };

export const translator = (locale: Locale): Translate => translatorFor(catalogues[locale]);
