import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.js';
import { communities, memberships, users } from '../schema/index.js';
import type { Logger } from '../../platform/logger.js';
import { hashPassword } from '../../platform/secrets.js';
import { seedConversations } from './conversations.js';
import { generateCommunities, type CommunitySpec } from './generate.js';
import { seedEvents } from './events.js';
import { seedRepertoire } from './repertoire.js';
import { seedRoundups } from './roundups.js';
import { runHealthCheck } from '../../modules/health/check.js';
import { simulateCommunity } from '../../modules/health/simulate/index.js';

export const DEMO_PASSWORD = 'commonplace-demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.commonplace.test';

export const demoCommunities: CommunitySpec[] = [
  {
    slug: 'research-software',
    name: 'Research Software Engineers',
    need: 'People who write research code mostly learn alone and reinvent the same tools in every lab.',
    domain: 'Building, testing, packaging and sustaining software that produces research results.',
    purpose: 'Share practices that make research code reproducible and help each other grow as engineers in academia.',
    values: ['Openness', 'Reproducibility', 'Kindness to beginners', 'Credit where due'],
    audience: 'Anyone who writes code for research: RSEs, PhD students, data scientists, lab technicians.',
    activities: ['Monthly lightning talks', 'Code review clinics', 'Ask-me-anything with maintainers'],
    successMeasures: [
      'Questions answered within two days',
      'Newcomers who post in their first month',
      'Talks given by first-time speakers',
    ],
    type: 'open',
    visibility: 'public',
    joining: 'open',
    topics: ['Testing', 'Packaging', 'Reproducibility', 'Python', 'R', 'HPC', 'Career paths', 'Code review'],
    size: 80,
  },
  {
    slug: 'data-stewards',
    name: 'Data Stewards Network',
    need: 'Data stewards are often the only one in their institute and have nobody to check their approach with.',
    domain: 'Research data management: FAIR data, data management plans, metadata and archiving.',
    purpose: 'A peer network where stewards compare notes, share templates and shape common guidance.',
    values: ['Practical over perfect', 'Share templates freely', 'Respect for confidentiality'],
    audience: 'Data stewards, librarians and research support staff.',
    activities: ['Case clinics', 'Template swaps', 'Quarterly workshops'],
    successMeasures: ['Templates reused across institutes', 'Members who host a case clinic'],
    type: 'membership',
    visibility: 'public',
    joining: 'request',
    topics: ['FAIR', 'Data management plans', 'Metadata', 'Archiving', 'Privacy', 'Training'],
    size: 55,
  },
  {
    slug: 'platform-guild',
    name: 'Platform Guild',
    need: 'Platform teams across business units solve the same problems without talking to each other.',
    domain: 'Internal developer platforms, CI/CD and observability inside the organisation.',
    purpose: 'Align on paved roads and learn from each other’s incidents.',
    values: ['Blameless learning', 'Write it down', 'Default to open inside the company'],
    audience: 'Engineers in platform, SRE and developer-experience teams.',
    activities: ['Incident reviews', 'Show and tell', 'RFC reviews'],
    successMeasures: ['Shared modules adopted by teams', 'Incidents reviewed together'],
    type: 'internal',
    visibility: 'private',
    joining: 'invitation',
    topics: ['CI/CD', 'Observability', 'Kubernetes', 'Incident review', 'Developer experience'],
    size: 35,
  },
  {
    slug: 'ospo-practitioners',
    name: 'OSPO Practitioners',
    need: 'Open source program offices are new and each one is working out its role from scratch.',
    domain: 'Running an open source program office: policy, licensing, community health, metrics.',
    purpose: 'Learn together how to run OSPOs well, and publish what works.',
    values: ['Vendor neutral', 'Evidence over opinion'],
    audience: 'OSPO leads and staff in companies, universities and governments.',
    activities: ['Peer mentoring', 'Working groups', 'Annual survey'],
    successMeasures: ['Working group outputs published', 'Mentoring pairs formed'],
    type: 'product',
    visibility: 'public',
    joining: 'open',
    topics: ['Licensing', 'Policy', 'Metrics', 'Community health', 'Inner source'],
    size: 45,
  },
  {
    slug: 'cape-town-data',
    name: 'Cape Town Data Meetup',
    need: 'Data people in the city want a regular, friendly place to meet and learn in person.',
    domain: 'Data science, analytics and data engineering practice in Cape Town.',
    purpose: 'Monthly meetups where locals share real projects, and a place to keep what was learned.',
    values: ['Everyone welcome', 'Practical talks', 'Local first'],
    audience: 'Analysts, data scientists, engineers and students in and around Cape Town.',
    activities: ['Monthly meetup', 'Beginner workshops', 'Social evenings'],
    successMeasures: ['Returning attendees', 'First-time speakers per quarter'],
    type: 'local',
    visibility: 'public',
    joining: 'open',
    topics: ['Analytics', 'Machine learning', 'Data engineering', 'Visualisation', 'Careers'],
    size: 30,
  },
];

/** Loads a lived-in demo: five communities, ~200 people in every role and status. Idempotent. */
export async function seedDemo(db: Db, { logger }: { logger: Logger }) {
  const existing = await db
    .select({ slug: communities.slug })
    .from(communities)
    .where(
      inArray(
        communities.slug,
        demoCommunities.map((c) => c.slug),
      ),
    );
  if (existing.length > 0) {
    logger.info({ event: 'demo.present' }, 'demo data already loaded');
    return;
  }
  logger.info({ event: 'demo.loading' }, 'loading demo data…');
  const { communityIds } = await generateCommunities(db, {
    seed: 7,
    people: 200,
    communities: demoCommunities,
    password: DEMO_PASSWORD,
    emailDomain: 'demo.commonplace.test',
    activity: true,
    onProgress: (done, total) =>
      logger.info({ event: 'demo.progress', done, total }, `demo: ${done}/${total} memberships`),
  });

  let [admin] = await db.select().from(users).where(eq(users.isAdmin, true)).limit(1);
  if (!admin) {
    [admin] = await db
      .insert(users)
      .values({
        name: 'Demo Admin',
        email: DEMO_ADMIN_EMAIL,
        isAdmin: true,
        passwordHash: await hashPassword(DEMO_PASSWORD),
        emailVerifiedAt: new Date(),
      })
      .returning();
  }
  // The admin coordinates the first community so its pages show every coordinator tool.
  await db
    .insert(memberships)
    .values({
      communityId: communityIds[0],
      userId: admin.id,
      role: 'coordinator',
      status: 'active',
      joinedAt: new Date(),
      bio: 'Runs this instance.',
      expertise: ['Community building'],
      learningFormats: ['discuss', 'do'],
      timeZone: 'Europe/Berlin',
    })
    .onConflictDoNothing();
  await seedConversations(db, {
    seed: 11,
    communities: demoCommunities.map((spec, i) => ({ id: communityIds[i], slug: spec.slug, topics: spec.topics })),
    onProgress: (done, total) =>
      logger.info({ event: 'demo.progress', done, total }, `demo: ${done}/${total} communities with conversations`),
  });
  await seedRepertoire(db, {
    seed: 13,
    communities: demoCommunities.map((spec, i) => ({ id: communityIds[i], slug: spec.slug, topics: spec.topics })),
  });
  await seedEvents(db, {
    seed: 17,
    communities: demoCommunities.map((spec, i) => ({ id: communityIds[i], slug: spec.slug })),
  });
  await seedRoundups(db, { seed: 19, communityIds });
  await seedSimulated(db, admin, logger);
  logger.info(
    { event: 'demo.loaded', admin: admin.email },
    `demo loaded: sign in as ${admin.email}${admin.email === DEMO_ADMIN_EMAIL ? ` / ${DEMO_PASSWORD}` : ''}; every demo member's password is "${DEMO_PASSWORD}"`,
  );
}

/**
 * Half a year of simulated life in one more community, with the five problems the weekly health
 * check looks for planted in it, so its health pages show something to act on. The admin is cast
 * as one of its coordinators; the check ran once in each of the last four weeks, so it has history.
 */
async function seedSimulated(db: Db, admin: { id: string }, logger: Logger) {
  const now = Date.now();
  const sim = await simulateCommunity(db, {
    scenario: 'troubled',
    seed: 23,
    size: 100,
    now: new Date(now),
    slug: 'open-science-circle',
    name: 'Open Science Circle',
    password: DEMO_PASSWORD,
    coordinators: [admin],
  });
  for (let weeksAgo = 3; weeksAgo >= 0; weeksAgo--)
    await runHealthCheck(db, sim.communityId, new Date(now - weeksAgo * 7 * 86_400_000));
  logger.info(
    { event: 'demo.simulated', slug: sim.slug, planted: sim.planted.map((p) => p.kind) },
    `demo: /c/${sim.slug} has ${sim.members} members and six months of simulated activity`,
  );
}
