import type { LocalDate } from '../calendar/calendar.ts';
import type { OrgDirectory } from '../directory.ts';
import type { Authority } from '../permissions.ts';

/**
 * Official documents out (văn bản đi): what a workflow's signing decision issues, as pure data. The
 * engine says what the paper says; the server numbers it from its register, renders, stores and
 * publishes it. Format per 367-QĐ/TWĐTN-VP (aligned with Nghị định 30/2020/NĐ-CP).
 */

/** Ký hiệu tên loại văn bản: numbers run per issuing unit, year and this type. */
export type DocumentTypeCode = 'QĐ' | 'GGT';

/** The signature as printed: "TM. BAN THƯỜNG VỤ" / "BÍ THƯ" / name. */
export interface PrintedSignature {
  /** "TM. BAN THƯỜNG VỤ", "KT. BÍ THƯ", or empty when the signer signs in their own name. */
  heading: string;
  /** The signer's title under it: "BÍ THƯ", "PHÓ BÍ THƯ". */
  title: string;
  name: string;
  personId: string | null;
}

/** A table printed after the decision ("danh sách kèm theo"). */
export interface DocumentAnnex {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface DocumentModel {
  /** What the document is (its template): stable ids. */
  kind: 'transfer-referral' | 'branch-review-decision' | 'award-decision' | 'travel-order';
  type: DocumentTypeCode;
  /** The unit whose register numbers it and whose name heads it. */
  issuingUnitId: string;
  /** The issuing body block, top left: the body above, then the issuing unit (bold), then "***". */
  issuerLines: string[];
  /** The date it is signed on (local). */
  issuedOn: LocalDate;
  /** "QUYẾT ĐỊNH", "GIẤY GIỚI THIỆU". */
  title: string;
  /** "Về việc …" under the title (trích yếu), empty for a referral. */
  about: string;
  /** Who decides, printed above "QUYẾT ĐỊNH:" (a decision's authority line), else empty. */
  authority: string;
  /** "Căn cứ …" lines. */
  grounds: string[];
  /** Body paragraphs ("Điều 1. …" for a decision). */
  body: string[];
  /**
   * The list that goes with the decision. `{ fill }` asks the server to build it from instances
   * the engine cannot see (a v1 round's awarded nominations); a v2 round's decision gives its list.
   */
  annex?: DocumentAnnex | { fill: 'awardedNominations'; title: string; campaignId: string };
  recipients: string[];
  signature: PrintedSignature;
  /** Last day the paper is valid (a referral); none for a decision. */
  validUntil?: LocalDate;
  /** A reissue: the documents of this kind the instance issued before are revoked by this one. */
  revokesEarlier?: boolean;
}

/** What a workflow's document builder sees after its signing step. */
export interface IssueInput<TContext = unknown, TPayload = unknown> {
  instanceId: string;
  /** The machine's context after the step. */
  context: TContext;
  payload: TPayload;
  actor: Authority;
  at: string;
  on: LocalDate;
  directory: OrgDirectory;
}

/** Per event type: the document its step issues (null: none this time, e.g. a refusal). */
export type IssueBuilder<TContext = any> = (input: IssueInput<TContext, any>) => DocumentModel | null;

const upper = (text: string) => text.toLocaleUpperCase('vi');

/** The unit's name as printed, on a date (its successor's after a merger); the id when unknown. */
export function unitName(directory: OrgDirectory, unitId: string | null | undefined, on: LocalDate): string {
  if (!unitId) return '';
  return directory.resolveUnit(unitId, on)?.name ?? unitId;
}

export function personName(directory: OrgDirectory, personId: string | null | undefined): string {
  if (!personId) return '';
  return directory.person(personId)?.name ?? personId;
}

/** "BCH ĐOÀN TP. ĐÀ NẴNG" above "BCH ĐOÀN TRƯỜNG …": the body directly above, then the unit. */
export function issuerLines(directory: OrgDirectory, unitId: string, on: LocalDate): string[] {
  const above = directory.levelAbove(unitId, on);
  const own = `BCH ${upper(unitName(directory, unitId, on))}`;
  return above ? [`BCH ${upper(above.name)}`, own] : [own];
}

/**
 * The printed signature of the person who took the decision: as the engine's signing rules printed
 * it on the actor (signing.ts: "TM. BAN THƯỜNG VỤ" / "BÍ THƯ", "KT. BÍ THƯ" / "PHÓ BÍ THƯ", from the
 * signer's office in the directory); for an act signed without one, from the acting form and the
 * directory's deputy flag.
 */
export function printedSignature(
  directory: OrgDirectory,
  actor: Authority,
  on: LocalDate,
  committee = 'BAN THƯỜNG VỤ',
): PrintedSignature {
  if (actor.signature) {
    const { heading, title, name } = actor.signature;
    return { heading, title, name, personId: actor.personId };
  }
  const binding = actor.personId
    ? directory
        .bindingsOf(actor.personId, on)
        .find((each) => each.role === actor.role && each.unitId === actor.unitId)
    : undefined;
  const deputy = actor.acting === 'KT' || binding?.deputy === true;
  const title = deputy ? 'PHÓ BÍ THƯ' : 'BÍ THƯ';
  const heading = actor.acting === 'KT' ? 'KT. BÍ THƯ' : actor.acting === 'TM' ? `TM. ${committee}` : '';
  return { heading, title, name: personName(directory, actor.personId), personId: actor.personId };
}

/**
 * "ngày 02 tháng 12 năm 2026": Nghị định 30/2020 writes a day below 10 and the months 1 and 2 with a
 * leading zero, the other months without.
 */
export function vietnameseDate(on: LocalDate): string {
  const [year, month, day] = on.split('-') as [string, string, string];
  const monthText = Number(month) <= 2 ? month : String(Number(month));
  return `ngày ${day} tháng ${monthText} năm ${year}`;
}
