import { randomBytes } from 'node:crypto';

// Crockford's base 32: no I, L, O, U, so a code read off paper is not mistyped.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 12 characters, 60 random bits: not guessable at the verify page's rate limit. */
export function newVerificationCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const byte of bytes) code += alphabet[byte & 31];
  return code;
}

/** "K7Q2M9XD4HPA" → "K7Q2-M9XD-4HPA" as printed; lower case and dashes accepted back. */
export const printedCode = (code: string) => code.match(/.{1,4}/g)!.join('-');
export const normaliseCode = (text: string) => text.replaceAll('-', '').toUpperCase();
export const isCode = (text: string) => /^[0-9A-HJKMNP-TV-Z]{12}$/.test(text);
