import { Migration20261101000000_initial } from './Migration20261101000000_initial.ts';

/** Listed explicitly: no file globbing, so the same list works under tsx, Vitest and a bundle. */
export const migrationsList = [
  { name: 'Migration20261101000000_initial', class: Migration20261101000000_initial },
];
