/**
 * `@doanflow/widgets/locales/en`: the English catalogue, for
 * `<DoanflowProvider locale="en" messages={en}>`.
 */
export { en } from '../i18n/messages.en.ts';
