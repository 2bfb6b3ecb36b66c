import type { DefinitionEventView, DefinitionView } from '@doanflow/client';

export type Tone = DefinitionEventView['tone'];

/**
 * A decision's button from what it means, the same in every widget (and in a portal that reads
 * `data-tone`): moving the request on is the primary button, ending it against the asker is red
 * with a warning sign, anything else (return for changes, log, adjust) is a plain button.
 */
export const variantOf = (tone: Tone | undefined): 'primary' | 'danger' | undefined =>
  tone === 'positive' ? 'primary' : tone === 'destructive' ? 'danger' : undefined;

/** An event's tone as its workflow declares it (neutral for one the definition does not list). */
export const toneIn = (definition: DefinitionView, type: string): Tone =>
  definition.events.find((event) => event.type === type)?.tone ?? 'neutral';
