import type { AnyWorkflowDefinition, Label } from './define-workflow.ts';

/**
 * The words of a `notify` effect, in both languages, with each `{name}` replaced by `fill(name,
 * value)` of the effect's data (the server turns a person's id into a name and a date into
 * "14/11/2026"). Null when the workflow gives the message no words.
 */
export function noticeWords(
  definition: AnyWorkflowDefinition,
  message: string,
  data: Readonly<Record<string, unknown>>,
  fill: (name: string, value: unknown, locale: keyof Label) => string = (_, value) => String(value),
): Label | null {
  const words = Object.hasOwn(definition.notices ?? {}, message) ? definition.notices![message] : undefined;
  if (!words) return null;
  const render = (text: string, locale: keyof Label) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(data, name) && data[name] !== null && data[name] !== undefined
        ? fill(name, data[name], locale)
        : whole,
    );
  return { vi: render(words.vi, 'vi'), en: render(words.en, 'en') };
}
