import { z } from 'zod';
import type { ActingForm, Label } from './define-workflow.ts';
import type { OfficeTitle, OrgDirectory } from './directory.ts';
import type { LocalDate } from './calendar/calendar.ts';

/**
 * Who signs a document of a committee (a referral, a travel order, an award decision), following
 * 367-QĐ/TWĐTN-VP: "TM. BAN THƯỜNG VỤ" by the Bí thư, or by a Phó Bí thư where the deployment allows;
 * "KT. BÍ THƯ" by a Phó Bí thư on the Bí thư's behalf. Ordinary committee members do not sign. The
 * signer's office comes from the directory, never from the request.
 */
export const signingPolicySchema = z
  .object({
    /** A Phó Bí thư may sign "TM." for the committee (some provinces allow it; default no). */
    deputyMaySignForCommittee: z.boolean().default(false),
  })
  .default({ deputyMaySignForCommittee: false });

export type SigningPolicy = z.infer<typeof signingPolicySchema>;

/** What a permission rule signs: the committee named after "TM." (default "BAN THƯỜNG VỤ"). */
export interface SigningSpec {
  committee?: string;
}

/** Titles as printed under a signature, and in English for the portal. */
export const officeTitleLabels: Readonly<Record<OfficeTitle, Label>> = {
  secretary: { vi: 'BÍ THƯ', en: 'Secretary' },
  deputySecretary: { vi: 'PHÓ BÍ THƯ', en: 'Deputy secretary' },
  standingMember: { vi: 'ỦY VIÊN BAN THƯỜNG VỤ', en: 'Standing committee member' },
  committeeMember: { vi: 'ỦY VIÊN BAN CHẤP HÀNH', en: 'Executive committee member' },
};

/** A signature as the document prints it. */
export interface Signature {
  /** The line above: "TM. BAN THƯỜNG VỤ" or "KT. BÍ THƯ". */
  heading: string;
  /** The signer's title under it: "BÍ THƯ" or "PHÓ BÍ THƯ". */
  title: string;
  office: OfficeTitle;
  /** The signer's name as the directory has it. */
  name: string;
}

export const DEFAULT_COMMITTEE = 'BAN THƯỜNG VỤ';

/** The forms a holder of an office may sign in, the usual one first (none for ordinary members). */
export function signingForms(office: OfficeTitle | undefined, policy: SigningPolicy): ActingForm[] {
  if (office === 'secretary') return ['TM'];
  if (office === 'deputySecretary') return policy.deputyMaySignForCommittee ? ['KT', 'TM'] : ['KT'];
  return [];
}

/** The printed signature of a signer in a form. */
export function signatureOf(
  form: ActingForm,
  office: OfficeTitle,
  name: string,
  spec: SigningSpec = {},
): Signature {
  const heading =
    form === 'KT' ? `KT. ${officeTitleLabels.secretary.vi}` : `TM. ${spec.committee ?? DEFAULT_COMMITTEE}`;
  return { heading, title: officeTitleLabels[office].vi, office, name };
}

/** The signing policy an instance runs under: its policy's `signing` part, defaults otherwise. */
export function signingPolicyOf(context: unknown): SigningPolicy {
  const policy = (context as { policy?: { signing?: unknown } } | null)?.policy;
  const parsed = signingPolicySchema.safeParse(policy?.signing);
  return parsed.success ? parsed.data : signingPolicySchema.parse(undefined);
}

export interface SigningOption {
  acting: ActingForm;
  signature: Signature;
}

/** How a person may sign for a unit on a date, the usual form first; empty when they may not sign. */
export function signingOptions(
  directory: OrgDirectory,
  personId: string,
  unitId: string,
  on: LocalDate,
  policy: SigningPolicy,
  spec: SigningSpec = {},
): SigningOption[] {
  const office = directory.titleAt(personId, unitId, on);
  if (!office) return [];
  const name = directory.person(personId)?.name ?? personId;
  return signingForms(office, policy).map((acting) => ({
    acting,
    signature: signatureOf(acting, office, name, spec),
  }));
}
