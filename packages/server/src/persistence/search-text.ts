/** Folded parts seen recently: workflow titles, state, unit and role labels recur on every step. */
const folded = new Map<string, string>();
const FOLDED_KEPT = 10_000;

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function foldedPart(part: string): string {
  let result = folded.get(part);
  if (result === undefined) {
    result = fold(part);
    if (folded.size >= FOLDED_KEPT) folded.clear();
    folded.set(part, result);
  }
  return result;
}

/**
 * Folds text for diacritic-insensitive search: "Bí thư Đoàn" → "bi thu doan". Stored in the tasks'
 * `search` column and applied to the query the same way. Each part is folded on its own (and
 * remembered): the same as folding the parts joined, since folding never joins across a space.
 */
export function searchText(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .map(foldedPart)
    .filter(Boolean)
    .join(' ');
}
