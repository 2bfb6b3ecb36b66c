import type { z } from 'zod';
import type { EventSpec, EventTone, Label } from './define-workflow.ts';

/**
 * How a workflow's events behave, each trait a list of event types. Every workflow declares its
 * events this way: payloads (schema.ts), labels (labels.ts) and this table (index.ts).
 */
export interface EventTraits {
  /** Subject to the conflict-of-interest rule. */
  decisions?: readonly string[];
  /** Cannot be undone: portals ask for confirmation. */
  irreversible?: readonly string[];
  /** Delivered only by a durable timer. */
  timers?: readonly string[];
  /** Delivered only by a link from another instance. */
  links?: readonly string[];
  /** A button, never an inbox task. */
  optional?: readonly string[];
  positive?: readonly string[];
  destructive?: readonly string[];
}

/**
 * The events of one workflow version: each payload with its label and traits. `omit` drops the
 * events another version has; a trait or label naming an event that has no payload is a typo and
 * throws when the workflow is defined.
 */
export function eventTable(
  payloads: Readonly<Record<string, z.ZodType>>,
  labels: Readonly<Record<string, Label>>,
  traits: EventTraits,
  omit: Iterable<string> = [],
): Record<string, EventSpec> {
  for (const [trait, types] of Object.entries(traits) as [string, readonly string[]][]) {
    const unknown = types.filter((type) => !Object.hasOwn(payloads, type));
    if (unknown.length > 0)
      throw new Error(`event trait ${trait} names unknown events: ${unknown.join(', ')}`);
  }
  const has = (trait: keyof EventTraits, type: string) => traits[trait]?.includes(type) ?? false;
  const tone = (type: string): EventTone =>
    has('positive', type) ? 'positive' : has('destructive', type) ? 'destructive' : 'neutral';
  const omitted = new Set(omit);
  return Object.fromEntries(
    Object.entries(payloads)
      .filter(([type]) => !omitted.has(type))
      .map(([type, payload]) => {
        const label = labels[type];
        if (!label) throw new Error(`event ${type} has no label`);
        const spec: EventSpec = { payload, label, tone: tone(type) };
        if (has('decisions', type)) spec.decision = true;
        if (has('irreversible', type)) spec.irreversible = true;
        if (has('timers', type)) spec.timer = true;
        if (has('links', type)) spec.link = true;
        if (has('optional', type)) spec.optional = true;
        return [type, spec];
      }),
  );
}
