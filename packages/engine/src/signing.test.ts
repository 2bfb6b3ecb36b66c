import { createMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { demoDirectoryData } from './demo/directory.ts';
import { defineWorkflow } from './define-workflow.ts';
import { OrgDirectory } from './directory.ts';
import { person } from './permissions.ts';
import { applyEvent, start } from './runtime.ts';
import { signingForms, signingOptions, signingPolicySchema } from './signing.ts';
import { ManualClock, refusal, sequentialIds } from './testing/harness.ts';

const directory = new OrgDirectory(demoDirectoryData);
const on = '2026-03-02';
const allowed = { deputyMaySignForCommittee: true };
const forbidden = signingPolicySchema.parse(undefined);

// A one-step document: the base's standing committee signs a paper about a member of its branch.
const paper = defineWorkflow({
  id: 'signed-paper',
  version: 1,
  title: { vi: 'Văn bản', en: 'Paper' },
  machine: createMachine({
    id: 'paper',
    context: ({ input }: { input: { policy: unknown } }) => ({ policy: input.policy }),
    initial: 'drafted',
    states: { drafted: { on: { SIGN: 'signed' } }, signed: { type: 'final' } },
  }),
  input: z.object({}),
  policy: z.object({ signing: signingPolicySchema }),
  events: { SIGN: { payload: z.object({}), label: { vi: 'Ký', en: 'Sign' }, decision: true } },
  states: { drafted: { vi: 'Dự thảo', en: 'Drafted' }, signed: { vi: 'Đã ký', en: 'Signed' } },
  permissions: [{ event: 'SIGN', states: ['drafted'], role: 'baseStanding', of: 'base', signs: {} }],
  start: [{ role: 'baseStanding', of: 'base' }],
  units: () => ({ base: 'tradoc' }),
  subject: () => ({}),
});

const signIn = (signer: string, policy: object, acting?: 'TM' | 'KT') => {
  const ctx = { directory, clock: new ManualClock(`${on}T02:00:00Z`), ids: sequentialIds() };
  const started = start(paper, {}, { ...ctx, principal: person('p-hieu'), policy: { signing: policy } });
  return applyEvent(
    paper,
    started.snapshot,
    { type: 'SIGN', ...(acting ? { acting } : {}) },
    {
      ...ctx,
      principal: person(signer),
    },
  );
};

describe('ký văn bản: TM. và KT. theo chức danh trong danh bạ', () => {
  it('chức danh lấy từ danh bạ: Bí thư, Phó Bí thư, Ủy viên BTV', () => {
    expect(directory.titleAt('p-hieu', 'tradoc', on)).toBe('secretary');
    expect(directory.titleAt('p-khanh', 'tradoc', on)).toBe('deputySecretary');
    expect(directory.titleAt('p-phuong', 'tradoc', on)).toBe('standingMember');
    expect(directory.titleAt('p-phuong', 'hoachau', on)).toBeUndefined();
  });

  it('Bí thư ký "TM. BAN THƯỜNG VỤ", chức danh "BÍ THƯ"', () => {
    const { entry } = signIn('p-hieu', {});
    expect(entry.actor).toEqual({
      personId: 'p-hieu',
      role: 'baseStanding',
      unitId: 'tradoc',
      acting: 'TM',
      signature: {
        heading: 'TM. BAN THƯỜNG VỤ',
        title: 'BÍ THƯ',
        office: 'secretary',
        name: 'Đặng Minh Hiếu',
      },
    });
  });

  it('Phó Bí thư ký "KT. BÍ THƯ", chức danh "PHÓ BÍ THƯ"', () => {
    expect(signIn('p-khanh', {}).entry.actor.signature).toEqual({
      heading: 'KT. BÍ THƯ',
      title: 'PHÓ BÍ THƯ',
      office: 'deputySecretary',
      name: 'Bùi Ngọc Khánh',
    });
  });

  it('Phó Bí thư ký "TM." chỉ khi quy định của đơn vị cho phép', () => {
    expect(refusal(() => signIn('p-khanh', {}, 'TM')).reason).toBe('acting_form');
    const { entry } = signIn('p-khanh', allowed, 'TM');
    expect(entry.actor.acting).toBe('TM');
    expect(entry.actor.signature).toMatchObject({ heading: 'TM. BAN THƯỜNG VỤ', title: 'PHÓ BÍ THƯ' });
  });

  it('Ủy viên Ban Thường vụ không ký, dù quy định thế nào', () => {
    expect(refusal(() => signIn('p-phuong', allowed)).reason).toBe('signatory');
    expect(signingOptions(directory, 'p-phuong', 'tradoc', on, allowed)).toEqual([]);
  });

  it('Bí thư không ký "KT." thay chính mình', () => {
    expect(refusal(() => signIn('p-hieu', allowed, 'KT')).reason).toBe('acting_form');
  });

  it('hình thức ký theo chức danh và quy định', () => {
    expect(signingForms('secretary', forbidden)).toEqual(['TM']);
    expect(signingForms('deputySecretary', forbidden)).toEqual(['KT']);
    expect(signingForms('deputySecretary', allowed)).toEqual(['KT', 'TM']);
    expect(signingForms('standingMember', allowed)).toEqual([]);
    expect(signingForms(undefined, allowed)).toEqual([]);
  });

  it('tên tập thể sau "TM." theo văn bản: Ban Chấp hành chi đoàn', () => {
    const [option] = signingOptions(directory, 'p-binh', 'cd-thon2', on, forbidden, {
      committee: 'BAN CHẤP HÀNH',
    });
    expect(option?.signature.heading).toBe('TM. BAN CHẤP HÀNH');
  });
});

describe('danh bạ: cán bộ đoàn và chức danh ghi rõ', () => {
  it('ai giữ chức vụ là cán bộ đoàn; đoàn viên thường thì không; danh bạ có thể ghi rõ', () => {
    expect(directory.isCadre('p-hieu', on)).toBe(true);
    expect(directory.isCadre('p-lan', on)).toBe(false);
    const stated = new OrgDirectory({
      ...demoDirectoryData,
      people: demoDirectoryData.people.map((p) => (p.id === 'p-lan' ? { ...p, cadre: true } : p)),
      bindings: [
        ...demoDirectoryData.bindings,
        {
          personId: 'p-lan',
          role: 'baseStanding',
          unitId: 'hoachau',
          validFrom: '2000-01-01',
          title: 'deputySecretary',
        },
      ],
    });
    expect(stated.isCadre('p-lan', on)).toBe(true);
    expect(stated.titleAt('p-lan', 'hoachau', on)).toBe('deputySecretary');
  });

  it('danh bạ cũ (không có chức danh, không có cờ cán bộ) vẫn hợp lệ', () => {
    const old = JSON.parse(JSON.stringify(demoDirectoryData));
    expect(() => OrgDirectory.parse(old)).not.toThrow();
  });
});
