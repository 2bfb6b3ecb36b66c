/** A bearer token, or a function that returns a fresh one (called before every request). */
export type TokenSource = string | (() => string | Promise<string>);

export async function resolveToken(source: TokenSource | undefined): Promise<string | undefined> {
  if (source === undefined) return undefined;
  const token = typeof source === 'function' ? await source() : source;
  return token === '' ? undefined : token;
}
