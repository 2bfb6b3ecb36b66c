import { parseCanonical } from '@doanflow/engine';
import { types } from 'pg';

const JSON_OID = 114;
const JSONB_OID = 3802;

/**
 * json and jsonb columns read into canonical form (keys in code-unit order): jsonb keeps its own key
 * order, so without this a snapshot read back differs from the one the engine returned (see the
 * engine's canonical.ts). Both drivers use it, so PostgreSQL and PGlite read the same values.
 */
export const canonicalPgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === JSON_OID || oid === JSONB_OID) return parseCanonical;
    return types.getTypeParser(oid, format as 'text');
  },
};

export const canonicalPgliteParsers = { [JSON_OID]: parseCanonical, [JSONB_OID]: parseCanonical };
