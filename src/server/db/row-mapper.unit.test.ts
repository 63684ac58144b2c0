import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as drizzleUtils from 'drizzle-orm/utils';
import { memberships, posts, replies, users } from './schema/index.js';
import { compileRowMapper, type OrderedField } from './row-mapper.js';

// Drizzle's own mapping, which the compiled one must match value for value.
const { mapResultRow } = drizzleUtils as unknown as {
  mapResultRow: (fields: OrderedField[], row: unknown[], joins?: Record<string, boolean>) => Record<string, unknown>;
};

const db = drizzle.mock();
const author = alias(users, 'author');
const quoted = alias(replies, 'quoted');

interface Prepared {
  fields: OrderedField[];
  joinsNotNullableMap?: Record<string, boolean>;
}
const internals = (q: { prepare(name: string): unknown }, name: string) => q.prepare(name) as unknown as Prepared;

const statements: Record<string, Prepared> = {
  'flat columns and a nested object from a left join': internals(
    db
      .select({
        id: replies.id,
        createdAt: replies.createdAt,
        key: sql<string>`${replies.createdAt}::text`,
        count: sql<number>`count(*)`.mapWith(Number),
        author: { id: author.id, name: author.name },
        quoted: { id: quoted.id, deletedAt: quoted.deletedAt },
      })
      .from(replies)
      .leftJoin(author, eq(author.id, replies.authorId))
      .leftJoin(quoted, eq(quoted.id, replies.quotedReplyId)),
    'a',
  ),
  'whole tables from an inner and a left join': internals(
    db
      .select({ membership: memberships, user: users, post: posts })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(posts, eq(posts.authorId, users.id)),
    'b',
  ),
  'a nested object mixing two tables and an expression': internals(
    db
      .select({
        id: posts.id,
        mixed: { title: posts.title, name: author.name, upper: sql<string>`upper(${author.name})` },
      })
      .from(posts)
      .leftJoin(author, eq(author.id, posts.authorId)),
    'c',
  ),
};

/** Raw values as the drivers hand them over: text (timestamps, JSON), numbers, null anywhere. */
const rawValue = fc.oneof(
  fc.constant(null),
  fc.constant('2026-11-30 12:34:56.789123+00'),
  fc.json(),
  fc.integer(),
  fc.boolean(),
);

describe('compiled row mapping', () => {
  for (const [name, statement] of Object.entries(statements)) {
    it(`maps rows as Drizzle does: ${name}`, () => {
      const mapper = compileRowMapper(statement.fields, statement.joinsNotNullableMap);
      expect(mapper).not.toBeNull();
      let compared = 0;
      fc.assert(
        fc.property(
          fc.array(rawValue, { minLength: statement.fields.length, maxLength: statement.fields.length }),
          (row) => {
            let theirs: Record<string, unknown>;
            try {
              theirs = mapResultRow(statement.fields, row, statement.joinsNotNullableMap);
            } catch {
              // A value of the wrong type for its column: both refuse it.
              expect(() => mapper!([row])).toThrow();
              return;
            }
            const [mine] = mapper!([row]);
            expect(mine).toStrictEqual(theirs);
            expect(Object.keys(mine)).toEqual(Object.keys(theirs));
            compared++;
          },
        ),
        { numRuns: 300 },
      );
      // Most rows are mapped, not refused: the comparison above is what the test is about.
      expect(compared).toBeGreaterThan(150);
    });
  }

  it('nulls a left-joined object whose first column is null, and keeps an inner-joined one', () => {
    const { fields, joinsNotNullableMap } = statements['whole tables from an inner and a left join'];
    const row = fields.map(() => null);
    const [mapped] = compileRowMapper(fields, joinsNotNullableMap)!([row]);
    expect(mapped.post).toBeNull();
    expect(mapped.membership).not.toBeNull();
    expect(mapped.user).not.toBeNull();
  });

  it('leaves selections nested deeper than one level to Drizzle', () => {
    expect(compileRowMapper([{ path: ['a', 'b', 'c'], field: users.id }], undefined)).toBeNull();
  });
});
