import type { EventMeta } from './runtime.ts';

/** The shape of every event a workflow machine receives: a type, a validated payload, and meta. */
export interface WorkflowEvent<TType extends string = string, TPayload = Record<string, never>> {
  type: TType;
  payload: TPayload;
  meta: EventMeta;
}
