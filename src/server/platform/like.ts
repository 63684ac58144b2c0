/** A LIKE pattern matching `q` anywhere: `%`, `_` and `\` typed by a person are literal characters. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
