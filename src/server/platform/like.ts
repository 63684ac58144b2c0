/** `q` with LIKE's wildcards (`%`, `_`) and its escape (`\`) made literal: what a person types is what is matched. */
const literal = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching `q` anywhere. */
export const containsPattern = (q: string) => `%${literal(q)}%`;

/** A LIKE pattern matching text that starts with `q`. */
export const prefixPattern = (q: string) => `${literal(q)}%`;
