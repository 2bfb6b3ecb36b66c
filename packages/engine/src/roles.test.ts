import { describe, expect, it } from 'vitest';
import { defineWorkflow } from './define-workflow.ts';
import { roleLabel } from './roles.ts';
import { memberTransferV1 as memberTransfer } from './workflows/index.ts';

/** The transfer with one more rule for a role of the host's own: the base's "người giới thiệu". */
const introducerRule = {
  event: 'ACCEPT',
  states: ['destinationBase'],
  role: 'introducer',
  of: 'destinationBase',
};
const introducer = { vi: 'Người giới thiệu', en: 'Introducer' };
const withIntroducer = (roles?: Record<string, unknown>) => () =>
  defineWorkflow({
    ...memberTransfer,
    permissions: [...memberTransfer.permissions, introducerRule],
    ...(roles ? { roles } : {}),
  } as never);

describe("a workflow's own roles", () => {
  it("are registered with their words; the Union's roles keep theirs", () => {
    const definition = withIntroducer({ introducer })();
    expect(roleLabel('introducer', definition.roles)).toEqual(introducer);
    expect(roleLabel('baseSecretary', definition.roles)).toEqual({
      vi: 'Bí thư Đoàn cơ sở',
      en: 'Base secretary',
    });
    expect(roleLabel('introducer')).toBeUndefined();
    expect(roleLabel('constructor', definition.roles)).toBeUndefined();
  });

  it('refuses a rule whose role has no label anywhere, so the inbox never shows a raw id', () => {
    expect(withIntroducer()).toThrow(/role "introducer" has no label: declare it in `roles`/);
  });

  it('needs both languages and leaves the Union roles their own words', () => {
    expect(withIntroducer({ introducer: { vi: 'Người giới thiệu', en: ' ' } })).toThrow(
      /role "introducer" needs a Vietnamese and an English label/,
    );
    expect(withIntroducer({ introducer, cadre: { vi: 'Cán bộ', en: 'Officer' } })).toThrow(
      /role "cadre" is the Union's/,
    );
  });
});
