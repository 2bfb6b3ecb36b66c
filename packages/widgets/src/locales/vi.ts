/** `@doanflow/widgets/locales/vi`: the Vietnamese catalogue (the Provider's default). */
export { vi } from '../i18n/messages.vi.ts';
export type { MessageKey, Messages } from '../i18n/messages.vi.ts';
