import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Visibility } from '../../../common/limits.js';
import { eventOccurrences } from '../../db/schema/index.js';
import { buildEvent, shiftOccurrences } from '../../../../test/factories.js';
import {
  API,
  allowed,
  describeMatrix,
  matrixCommunity,
  setupMatrix,
  type Endpoint,
  type Matrix,
} from '../../../../test/matrix.js';

/**
 * Who may answer, claim, see attendees, mark attendance, check in, write notes and draft a
 * resource from a session: every actor, in a public and a private community.
 */

let m: Matrix;
beforeAll(async () => {
  m = await setupMatrix();
});
afterAll(() => m.t.close());

interface Cell {
  base: string;
  session: string;
  occurrenceId: string;
  code: string;
  bystander: string;
}

const MINUTE = 60_000;

/**
 * A fresh community with an event hosted by the bystander (so "host" is nobody in the matrix),
 * its session ahead, or under way (`during`: began ten minutes ago, with notes).
 */
async function cell(visibility: Visibility, when: 'ahead' | 'during'): Promise<Cell> {
  const community = await matrixCommunity(m, visibility, 'ev');
  const event = await buildEvent(m.t, m.clients.coordinator, community, { hosts: [{ userId: m.bystander }] });
  const occurrenceId = event.occurrences[0].id as string;
  if (when === 'during') {
    await shiftOccurrences(m.t, occurrenceId, -(Date.parse(event.occurrences[0].startsAt) - Date.now()) - 10 * MINUTE);
    await m.t.deps.db
      .update(eventOccurrences)
      .set({ notes: 'What we learned.', notesHtml: '<p>What we learned.</p>', notesAt: new Date() })
      .where(eq(eventOccurrences.id, occurrenceId));
  }
  const [row] = await m.t.deps.db
    .select({ code: eventOccurrences.checkInCode })
    .from(eventOccurrences)
    .where(eq(eventOccurrences.id, occurrenceId));
  const base = `${API}/communities/${community.slug}`;
  return {
    base,
    session: `${base}/events/${event.id}/occurrences/${occurrenceId}`,
    occurrenceId,
    code: row!.code,
    bystander: m.bystander,
  };
}

const ahead: Endpoint<Cell>[] = [
  {
    name: 'PUT …/rsvp',
    request: (c) => ['PUT', `${c.session}/rsvp`, { status: 'going' }],
    ...allowed.currentMembers(200),
  },
  {
    // Nobody in the matrix is on the waitlist: those who may answer are told so.
    name: 'POST …/rsvp/claim',
    request: (c) => ['POST', `${c.session}/rsvp/claim`, {}],
    ...allowed.currentMembers(409),
  },
  {
    name: 'GET …/attendees',
    request: (c) => ['GET', `${c.session}/attendees`],
    public: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    private: [404, 404, 404, 200, 200, 200, 200, 404, 404, 200],
  },
];

const during: Endpoint<Cell>[] = [
  {
    name: 'PUT …/attendance',
    request: (c) => ['PUT', `${c.session}/attendance`, { attendance: [{ userId: c.bystander, attended: true }] }],
    ...allowed.coreAndAdmins(200),
  },
  {
    name: 'POST …/check-in',
    request: (c) => ['POST', `${c.session}/check-in`, { code: c.code }],
    ...allowed.currentMembers(200),
  },
  {
    name: 'PUT …/notes',
    request: (c) => ['PUT', `${c.session}/notes`, { notes: 'Notes.' }],
    ...allowed.coreAndAdmins(200),
  },
  {
    name: 'GET …/resources/draft?occurrence=',
    request: (c) => ['GET', `${c.base}/resources/draft?occurrence=${c.occurrenceId}`],
    ...allowed.coreAndAdmins(200),
  },
];

describeMatrix(
  ahead,
  (visibility) => cell(visibility, 'ahead'),
  () => m,
);
describeMatrix(
  during,
  (visibility) => cell(visibility, 'during'),
  () => m,
);
