import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  collectionItems,
  collections,
  pathProgress,
  posts,
  replies,
  resourceNotes,
  resources,
  users,
} from '../schema/index.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { atLeast } from '../../platform/policy.js';
import { insertResources, nextReview, type NewResource } from '../../modules/repertoire/write.js';
import type { ResourceFormat, ResourceKind } from '../../../common/limits.js';
import { currentMembers, type Member } from './conversations.js';
import { prng } from './generate.js';

/**
 * The demo repertoire: in every community a shelf of resources of every kind, a few promoted
 * from accepted answers with credit to those who gave them, a "Start here" path that some
 * members are part-way through, a collection, notes, proposals waiting for a curator, and a
 * handful of resources due for review. Deterministic for a seed.
 */

const day = 24 * 3600_000;

export interface RepertoireCommunity {
  id: string;
  slug: string;
  topics: string[];
}

type Spec = [kind: ResourceKind, title: string, summary: string, author?: string];

const formatOf: Partial<Record<ResourceKind, ResourceFormat>> = {
  podcast: 'listen',
  video: 'watch',
  tool: 'do',
  template: 'do',
  method: 'do',
};

/** Shelves written for the demo communities; any other community gets the general shelf. */
const shelves: Record<string, Spec[]> = {
  'research-software': [
    [
      'article',
      'Testing research code when there is no right answer',
      'How to test numerical code with **property tests**, tolerance checks and regression snapshots when nobody knows the exact result.',
      'Mara Okafor',
    ],
    [
      'method',
      'The two-hour code review clinic',
      'A format for reviewing each other’s analysis code across labs: one volunteer, two reviewers, a shared checklist, no slides.',
    ],
    [
      'template',
      'README template for research software',
      'Sections every research repository needs: what it does, how to cite it, how to run the tests, how results were produced.',
    ],
    [
      'tool',
      'A cookiecutter for reproducible Python projects',
      'Sets up packaging, tests, linting and a citation file in one command. Works offline once installed.',
    ],
    [
      'podcast',
      'Episode 42: from postdoc to research software engineer',
      'Three RSEs talk about how they moved into the role, what they would tell their earlier selves, and what hiring panels look for.',
    ],
    [
      'video',
      'Packaging a Python project in 20 minutes',
      'A screencast from the lightning talks: pyproject.toml, building wheels, publishing to an index.',
    ],
    [
      'book',
      'Research Software Engineering with Python',
      'The community’s most recommended book for people moving from scripts to maintainable research code.',
      'Damien Irving et al.',
    ],
    [
      'research',
      'A survey of software practices in computational science',
      'What a thousand researchers said about how they test, share and cite their code — and where the gaps are.',
    ],
    [
      'story',
      'How our lab rescued a ten-year-old Fortran model',
      'A case from a climate lab: characterisation tests first, then modules one at a time, with a weekly demo to the scientists.',
    ],
    [
      'lesson',
      'Pin your environment before the paper goes out',
      'Learned the hard way by several members: results changed after a minor library update. Freeze the environment at submission.',
    ],
    [
      'example',
      'A minimal HPC job script with checkpointing',
      'A worked example that restarts cleanly after the scheduler kills the job.',
    ],
    [
      'article',
      'Choosing a licence for research code',
      'A short guide to permissive and copyleft licences and what funders usually require.',
    ],
  ],
  'data-stewards': [
    [
      'template',
      'Data management plan template (annotated)',
      'Each section of a funder’s plan with the questions reviewers actually ask and examples of good answers.',
    ],
    [
      'method',
      'The FAIR self-check in 30 minutes',
      'Walk a dataset through findable, accessible, interoperable and reusable with a researcher, one question at a time.',
    ],
    [
      'article',
      'Metadata that people will actually fill in',
      'Why long metadata forms fail and how to ask for the five fields that matter most first.',
    ],
    [
      'story',
      'Archiving a decade of interview recordings',
      'How one institute handled consent, anonymisation and a repository migration at the same time.',
    ],
    [
      'podcast',
      'Stewards talk: being the only one in your institute',
      'Four stewards on finding peers, getting support from IT, and saying no kindly.',
    ],
    [
      'video',
      'Recorded workshop: persistent identifiers explained',
      'DOIs, ORCIDs and RORs in plain language, with a live demo of minting a DOI in a test repository.',
    ],
    [
      'lesson',
      'Ask about consent at the start, not at deposit',
      'Several members found datasets that could not be shared because consent forms did not allow it.',
    ],
    [
      'tool',
      'A checklist generator for data deposit',
      'Produces a deposit checklist from a few questions about the data: sensitive, large, or both.',
    ],
    [
      'research',
      'What makes researchers reuse data?',
      'A study of reuse across disciplines: documentation and contact with the creators matter more than format.',
    ],
    [
      'example',
      'A README for a tabular dataset',
      'A worked example with column definitions, units, missing-value codes and licence.',
    ],
  ],
  'platform-guild': [
    [
      'method',
      'Blameless incident review, step by step',
      'The format the guild uses: timeline first, contributing factors, no names in the causes, actions with owners.',
    ],
    ['template', 'Incident review template', 'Headings, prompts and an example timeline table.'],
    [
      'article',
      'Paved roads, not gates',
      'Why the guild prefers golden-path templates that teams choose over mandatory reviews.',
    ],
    [
      'tool',
      'Service scaffold with tracing built in',
      'A generator for new services with logging, metrics and tracing wired the same way everywhere.',
    ],
    [
      'story',
      'How the payments team cut deploy time from 40 to 6 minutes',
      'Caching, parallel test shards and a change in review habits — in that order of impact.',
    ],
    ['video', 'Show and tell: our developer portal', 'A walkthrough of the catalogue, ownership data and scorecards.'],
    [
      'lesson',
      'Alert on symptoms users feel',
      'Pages for CPU spikes burned people out; alerts on error rates and latency did not.',
    ],
    [
      'research',
      'Developer experience survey results',
      'What 300 engineers said slows them down, with the top five fixes the guild took on.',
    ],
    [
      'podcast',
      'On call without burning out',
      'Two SREs on rotations, handovers and when to say the system is not ready for on call.',
    ],
    [
      'example',
      'A pipeline that deploys on merge with a manual gate for production',
      'A worked pipeline definition with comments on every stage.',
    ],
  ],
  'ospo-practitioners': [
    [
      'template',
      'Open source contribution policy',
      'A policy template for staff contributing to outside projects, with the questions legal usually asks.',
    ],
    [
      'method',
      'Inner source kick-off workshop',
      'A half-day format to pick a first shared component, agree on trusted committers and write contribution guidelines.',
    ],
    [
      'article',
      'Metrics that do not reward the wrong thing',
      'Why counting stars and commits misleads, and which health signals the group tracks instead.',
    ],
    [
      'book',
      'Forge Your Future with Open Source',
      'A practical guide for first-time contributors, often handed to new staff.',
      'VM Brasseur',
    ],
    [
      'story',
      'Releasing our first project: what we would do again',
      'An OSPO’s account of its first public release, from the licence review to the first outside pull request.',
    ],
    [
      'lesson',
      'Name a maintainer before you publish',
      'Repositories released without an owner collected issues nobody answered.',
    ],
    [
      'podcast',
      'The OSPO round table',
      'Heads of three OSPOs on budgets, reporting to leadership and working with procurement.',
    ],
    [
      'tool',
      'Licence inventory script',
      'Lists the licences of a project’s dependencies and flags combinations to review.',
    ],
    [
      'research',
      'Open source program offices: a survey',
      'How OSPOs are staffed, where they sit in the organisation and what they measure.',
    ],
    ['video', 'Talk: community health beyond activity counts', 'Recorded at the spring meet-up.'],
  ],
};

const generalShelf = (topic: string): Spec[] => [
  [
    'article',
    `A practical introduction to ${topic.toLowerCase()}`,
    `The piece members send to newcomers who ask where to start with ${topic.toLowerCase()}.`,
  ],
  [
    'method',
    `Peer review sessions for ${topic.toLowerCase()} work`,
    'A lightweight format: one presenter, two reviewers, fifteen minutes each.',
  ],
  ['template', 'Project brief template', 'One page: the question, the data, who needs the answer and by when.'],
  [
    'video',
    'Recorded meet-up: lessons from our first year',
    'Talks from members about what worked and what they would change.',
  ],
  ['podcast', 'Community voices', 'Members talk about how they learned the craft and who helped them.'],
  [
    'story',
    'From a side project to a team practice',
    'How one member’s weekend experiment became the way their team works.',
  ],
  [
    'lesson',
    'Write down decisions while they are fresh',
    'Several projects lost the reasons behind their choices; a short decision note fixes that.',
  ],
  ['tool', 'Starter kit', 'A ready-made project layout with the tools the community recommends.'],
  ['book', 'The community’s reading list favourite', 'The book most often recommended in threads.'],
];

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

export async function seedRepertoire(
  db: Db,
  options: { seed: number; communities: RepertoireCommunity[]; now?: number },
): Promise<void> {
  const r = prng(options.seed);
  const now = options.now ?? Date.now();
  for (const community of options.communities) {
    const members = await currentMembers(db, community.id);
    const curators = members.filter((m) => atLeast(m.role, 'core'));
    if (members.length < 3 || curators.length === 0) continue;
    const shelf = shelves[community.slug] ?? generalShelf(community.topics[0] ?? 'the craft');

    // Published over the past 18 months; the oldest are due for review now.
    const published: string[] = [];
    for (const [i, [kind, title, summary, author]] of shelf.entries()) {
      const curator = r.pick(curators);
      const contributor = r.pick(members);
      const at = new Date(now - (540 - i * 40 + r.int(0, 20)) * day);
      const item: NewResource = {
        kind,
        format: formatOf[kind] ?? 'read',
        title,
        url: `https://example.org/${community.slug}/${slugOf(title)}`,
        summary,
        tags: r.some(community.topics, r.int(1, 2)),
        credits: [
          { role: 'contributor', userId: contributor.id, name: contributor.name },
          ...(author ? [{ role: 'source' as const, userId: null, name: author }] : []),
        ],
      };
      const [id] = await db.transaction((tx) =>
        insertResources(tx, {
          communityId: community.id,
          actorId: curator.id,
          status: 'published',
          change: 'created',
          verb: 'published_resource',
          items: [item],
          now: at,
        }),
      );
      published.push(id!);
    }

    // The first three are featured; one tool has gone out of date and was marked obsolete.
    await db
      .update(resources)
      .set({ featured: true })
      .where(inArray(resources.id, published.slice(0, 3)));
    const staleTool = shelf.findIndex(([kind]) => kind === 'tool');
    if (staleTool >= 0 && staleTool > 2) {
      await db
        .update(resources)
        .set({ status: 'obsolete', reviewedAt: new Date(now - 20 * day), reviewedBy: curators[0]!.id })
        .where(eq(resources.id, published[staleTool]!));
    }

    const promoted = await promoteAnswers(db, r, community, curators, now);

    // Proposals from members, waiting for a curator.
    const proposers = r.some(members, 2);
    for (const [i, proposer] of proposers.entries()) {
      const topic = r.pick(community.topics);
      await db.transaction((tx) =>
        insertResources(tx, {
          communityId: community.id,
          actorId: proposer.id,
          status: 'proposed',
          change: 'created',
          verb: 'proposed_resource',
          now: new Date(now - (i + 1) * 2 * day),
          items: [
            {
              kind: i === 0 ? 'article' : 'video',
              format: i === 0 ? 'read' : 'watch',
              title:
                i === 0
                  ? `Notes from a year of ${topic.toLowerCase()} clinics`
                  : `Conference talk on ${topic.toLowerCase()}`,
              url: `https://example.org/${community.slug}/proposal-${i + 1}`,
              summary: 'Found this useful — worth adding to the repertoire?',
              tags: [topic],
              credits: [{ role: 'contributor', userId: proposer.id, name: proposer.name }],
            },
          ],
        }),
      );
    }

    // A "Start here" path and a collection, made by a coordinator.
    const owner = curators.find((m) => m.role === 'coordinator') ?? curators[0]!;
    const pathItems = [...promoted.slice(0, 1), ...published.slice(0, 5).filter((_, i) => i !== staleTool)];
    const [path] = await db
      .insert(collections)
      .values({
        communityId: community.id,
        kind: 'path',
        title: 'Start here',
        intro:
          'New to the community? Work through these in order: they are what members most often point newcomers to.',
        introHtml: renderMarkdown(
          'New to the community? Work through these in order: they are what members most often point newcomers to.',
        ),
        position: 0,
        createdBy: owner.id,
        createdAt: new Date(now - 120 * day),
      })
      .returning({ id: collections.id });
    await db
      .insert(collectionItems)
      .values(
        pathItems.map((resourceId, position) => ({ collectionId: path!.id, resourceId, position, addedBy: owner.id })),
      );
    const [collection] = await db
      .insert(collections)
      .values({
        communityId: community.id,
        kind: 'collection',
        title: 'Templates and tools',
        intro: 'Things to copy and adapt.',
        introHtml: renderMarkdown('Things to copy and adapt.'),
        position: 1,
        createdBy: owner.id,
        createdAt: new Date(now - 90 * day),
      })
      .returning({ id: collections.id });
    const kit = published.filter((_, i) => ['template', 'tool', 'example'].includes(shelf[i]![0]) && i !== staleTool);
    if (kit.length > 0) {
      await db.insert(collectionItems).values(
        kit.map((resourceId, position) => ({
          collectionId: collection!.id,
          resourceId,
          position,
          addedBy: owner.id,
        })),
      );
    }

    // Some members are part-way through the path, a few have finished it.
    const learners = r.some(members, Math.min(members.length, 12));
    for (const learner of learners) {
      const done = r.int(1, pathItems.length);
      await db.insert(pathProgress).values(
        pathItems.slice(0, done).map((resourceId, i) => ({
          userId: learner.id,
          collectionId: path!.id,
          resourceId,
          completedAt: new Date(now - (30 - i * 3) * day),
        })),
      );
    }

    // Notes: shared tips and a few private reminders.
    const noteTexts = [
      'We used this with our new starters last month — the second half is the most useful part.',
      'Good, but skip the setup section if you already have an environment.',
      'Pairs well with the discussion on reviewing each other’s work.',
      'Still accurate as of this quarter.',
    ];
    const noted = r.some(published, Math.min(published.length, 5));
    for (const [i, resourceId] of noted.entries()) {
      const author = r.pick(members);
      const body = noteTexts[i % noteTexts.length]!;
      await db.insert(resourceNotes).values({
        resourceId,
        communityId: community.id,
        authorId: author.id,
        visibility: i === noted.length - 1 ? 'private' : 'community',
        body,
        bodyHtml: renderMarkdown(body),
        createdAt: new Date(now - (10 + i * 4) * day),
      });
    }
  }
}

/**
 * Up to two accepted answers become resources, credited to the asker and the answerer, and
 * linked back to their question.
 */
async function promoteAnswers(
  db: Db,
  r: ReturnType<typeof prng>,
  community: RepertoireCommunity,
  curators: Member[],
  now: number,
): Promise<string[]> {
  const answered = await db
    .select({
      postId: posts.id,
      title: posts.title,
      tags: posts.tags,
      askerId: posts.authorId,
      askerName: sql<string | null>`(select name from users where id = ${posts.authorId})`,
      replyId: replies.id,
      body: replies.body,
      answererId: replies.authorId,
      answererName: users.name,
      acceptedAt: posts.acceptedAt,
    })
    .from(posts)
    .innerJoin(replies, eq(replies.id, posts.acceptedReplyId))
    .leftJoin(users, eq(users.id, replies.authorId))
    .where(and(eq(posts.communityId, community.id), isNotNull(posts.acceptedReplyId)))
    .orderBy(asc(posts.createdAt))
    .limit(2);
  const ids: string[] = [];
  for (const a of answered) {
    const curator = r.pick(curators);
    const at = new Date(Math.min(now - day, (a.acceptedAt?.getTime() ?? now) + 2 * day));
    const credits = [
      ...(a.answererId ? [{ role: 'source' as const, userId: a.answererId, name: a.answererName ?? 'A member' }] : []),
      ...(a.askerId && a.askerId !== a.answererId
        ? [{ role: 'source' as const, userId: a.askerId, name: a.askerName ?? 'A member' }]
        : []),
    ];
    const [id] = await db.transaction((tx) =>
      insertResources(tx, {
        communityId: community.id,
        actorId: curator.id,
        status: 'published',
        change: 'promoted',
        verb: 'promoted_to_repertoire',
        now: at,
        items: [
          {
            kind: 'lesson',
            format: 'read',
            title: a.title,
            url: null,
            summary: `${a.body}\n\n_From the accepted answer in [${a.title}](/c/${community.slug}/posts/${a.postId})._`,
            tags: a.tags,
            credits,
            sourcePostId: a.postId,
            sourceReplyId: a.replyId,
          },
        ],
      }),
    );
    ids.push(id!);
  }
  // A promoted lesson is reviewed on its own clock.
  if (ids.length > 0) {
    await db
      .update(resources)
      .set({ reviewDueAt: nextReview('lesson', new Date(now - 30 * day)) })
      .where(inArray(resources.id, ids));
  }
  return ids;
}
