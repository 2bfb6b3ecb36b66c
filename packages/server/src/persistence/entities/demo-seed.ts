import { defineEntity, p } from '@mikro-orm/core';

/** A workflow whose demo set is complete: written once, never pruned. */
export const DemoSeedEntity = defineEntity({
  name: 'DemoSeed',
  tableName: 'demo_seeds',
  properties: {
    workflowId: p.text().primary(),
    seededAt: p.datetime(),
    instances: p.integer(),
  },
});
