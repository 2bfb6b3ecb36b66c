import { localDate } from '../../calendar/calendar.ts';
import { ratings, type AwardForm, type Rating } from '../award-campaign/schema.ts';
import type { DocumentKind, Nominee, NominationPolicy } from './schema.ts';

/** A document of the dossier: the stored file (its digest is in the history) and who added it. */
export interface DocumentRef {
  id: string;
  name: string;
  sha256: string;
  addedAt: string;
  addedBy: string | null;
}

export interface RatingRecord {
  year: number;
  rating: Rating;
  disciplined: boolean;
}

/** The parts of a nomination that decide whether its dossier may be submitted. */
export interface DossierFacts {
  policy: NominationPolicy;
  deadline: string;
  quota: number;
  alreadySubmitted: number;
  awardForm: AwardForm;
  nominee: Nominee;
  documents: Partial<Record<DocumentKind, DocumentRef>>;
  rating: RatingRecord | null;
}

export type IneligibleBecause = 'noRating' | 'ratingTooLow' | 'ratingOutdated' | 'disciplined';

export const missingDocuments = (facts: DossierFacts): DocumentKind[] =>
  facts.policy.requiredDocuments.filter((kind) => !facts.documents[kind]);

/**
 * Why the nominee is not (yet) eligible: the award needs a recent classification at or above the
 * form's floor, and no disciplinary action. Empty when eligible.
 */
export function ineligibleBecause(facts: DossierFacts): IneligibleBecause[] {
  const { rating } = facts;
  if (!rating) return ['noRating'];
  const reasons: IneligibleBecause[] = [];
  const floor = facts.awardForm.minimumRating ?? facts.policy.minimumRating;
  if (ratings.indexOf(rating.rating) > ratings.indexOf(floor)) reasons.push('ratingTooLow');
  const age = Number(localDate(facts.deadline).slice(0, 4)) - rating.year;
  if (age < 0 || age > facts.policy.ratingMaxAgeYears) reasons.push('ratingOutdated');
  if (rating.disciplined) reasons.push('disciplined');
  return reasons;
}

/** Nominations the unit may still submit in this round, this one included. */
export const quotaLeft = (facts: DossierFacts) => Math.max(0, facts.quota - facts.alreadySubmitted);

export const readyToSubmit = (facts: DossierFacts) =>
  missingDocuments(facts).length === 0 && ineligibleBecause(facts).length === 0 && quotaLeft(facts) > 0;

/** The deadline is hard: at its instant and after, nothing is received. */
export const isLate = (facts: Pick<DossierFacts, 'deadline'>, at: string) =>
  Date.parse(at) >= Date.parse(facts.deadline);
