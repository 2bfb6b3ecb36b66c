import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { labelled } from './field-labels.ts';

describe('labelled', () => {
  it('puts vi/en labels and choice labels into the JSON Schema without changing validation', () => {
    const kind = labelled(
      z.enum(['permanent', 'temporary']),
      { vi: 'Loại chuyển', en: 'Kind' },
      {
        permanent: { vi: 'Chính thức', en: 'Permanent' },
        temporary: { vi: 'Tạm thời', en: 'Temporary' },
      },
    );
    const schema = z.object({ kind });
    expect(z.toJSONSchema(schema).properties?.['kind']).toMatchObject({
      title: 'Kind',
      'x-label': { vi: 'Loại chuyển', en: 'Kind' },
      'x-enumLabels': { temporary: { vi: 'Tạm thời', en: 'Temporary' } },
    });
    expect(schema.safeParse({ kind: 'forever' }).success).toBe(false);
    expect(schema.parse({ kind: 'temporary' })).toEqual({ kind: 'temporary' });
  });
});
