import type { EventKind, PostKind, ResourceFormat, ResourceKind } from '../../../../common/limits.js';

/**
 * What simulated members write about: a community of practice around open science, its topics,
 * and short templates filled with a concrete subject of each topic (`{thing}`). Plain enough to
 * read like members wrote it, varied enough that the lists do not look copied.
 */

export const simulatedCanvas = {
  need: 'Researchers who want to work openly mostly figure it out alone, lab by lab.',
  domain: 'Open science in practice: sharing data, code and papers early, and reviewing each other openly.',
  purpose: 'Help each other make research open and reproducible, and keep what works where everyone can find it.',
  values: ['Share early', 'Credit generously', 'No question is too basic'],
  audience: 'Researchers, research software engineers, librarians and data stewards.',
  activities: ['Fortnightly meetups', 'Hands-on workshops', 'Peer review swaps'],
  successMeasures: ['Questions answered within two days', 'Newcomers who take part in their first month'],
  type: 'open',
  joining: 'open',
  timeZone: 'Europe/Berlin',
};

export const simulatedTopics = [
  'Reproducibility',
  'Open data',
  'Preprints',
  'Peer review',
  'Research software',
  'Teaching',
  'Funding',
  'Ethics',
];

const things: Record<string, string[]> = {
  reproducibility: [
    'containerised analyses',
    'random seeds in simulations',
    'workflow managers',
    'computational notebooks',
  ],
  'open data': ['data licences', 'choosing a repository', 'README files for datasets', 'sharing sensitive data'],
  preprints: [
    'posting to a preprint server',
    'journal policies on preprints',
    'versioning a preprint',
    'preprint reviews',
  ],
  'peer review': ['open peer review', 'reviewing code with the paper', 'signed reviews', 'review checklists'],
  'research software': [
    'software citation',
    'packaging analysis code',
    'testing research code',
    'software management plans',
  ],
  teaching: [
    'teaching version control',
    'a reproducibility workshop',
    'open educational resources',
    'mentoring students',
  ],
  funding: ['data management costs in grants', 'open access fees', 'funder mandates', 'small grants for tools'],
  ethics: ['consent for data reuse', 'anonymising interviews', 'ethics review of open data', 'authorship disputes'],
};

export const thingsFor = (topic: string) => things[topic.toLowerCase()] ?? [`${topic.toLowerCase()} in practice`];

const titles: Record<Exclude<PostKind, 'ama'>, string[]> = {
  question: [
    'How do you handle {thing}?',
    'Anyone using {thing} in a small lab?',
    'Where do I start with {thing}?',
    'Stuck with {thing}, any advice?',
    'What is your approach to {thing}?',
  ],
  need: ['Looking for someone who knows {thing}', 'Need a second pair of eyes on {thing}'],
  discussion: [
    'What we learned from {thing}',
    'Is {thing} worth the effort?',
    'Your favourite tricks for {thing}',
    'A year of {thing}: what changed',
  ],
  win: ['We finally got {thing} working!', 'Small win: our department adopted {thing}'],
  announcement: ['Coming up: a session on {thing}', 'This month in the community: {topic}'],
};

const bodies: Record<Exclude<PostKind, 'ama'>, string[]> = {
  question: [
    'We are trying to sort out {thing} for our group and I keep going in circles. What has worked for you, and what would you avoid?',
    'Our PI asked me to look into {thing}. I have read the guides but would love to hear how it goes in practice.',
  ],
  need: ['I am preparing a guide on {thing} for my institute and need someone to check it before it goes out.'],
  discussion: [
    'We tried {thing} on two projects this term. Here is what surprised us, and what we would do differently.',
    'I keep hearing different views on {thing}. Curious where everyone here stands.',
  ],
  win: [
    'After months of back and forth, {thing} is now part of how our group works. Thanks to everyone here who helped.',
  ],
  announcement: ['A reminder of what is happening around {topic} this month. Bring your questions!'],
};

const answers = [
  'We use {thing} and it works if you start small: one project, one checklist, then grow from there.',
  'I had the same problem. What helped was writing the steps down once and sharing them with the whole group.',
  'Our library runs a clinic on {thing}; happy to share the slides and the checklist we use.',
  'Short answer: yes, but budget a week for it the first time. The second project takes an afternoon.',
  'Look at the guide on {topic} in the repertoire: the second section answers exactly this.',
];

const comments = [
  'Agreed, and it gets easier the second time.',
  'Interesting: in our group it went the other way, mostly because of how our funder words things.',
  'Thanks for writing this up. Saving it for our next lab meeting.',
  'Same experience here. The hardest part was agreeing on who owns it.',
];

const followUps = ['Thank you, that is exactly what I needed.', 'Good point. Trying that this week.'];

export const welcomes = [
  'Welcome, {name}! The "Start here" path in the repertoire is a good first stop.',
  'Great to have you here, {name}. There is a session on {topic} coming up, come along.',
  'Welcome! What are you working on at the moment?',
];

export const fill = (template: string, vars: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? '');

export const titleTemplates = (kind: PostKind) => titles[kind as Exclude<PostKind, 'ama'>] ?? titles.discussion;
export const bodyTemplates = (kind: PostKind) => bodies[kind as Exclude<PostKind, 'ama'>] ?? bodies.discussion;
export const replyTemplates = (kind: PostKind) =>
  kind === 'question' || kind === 'need'
    ? answers
    : kind === 'win'
      ? [...comments.slice(2), 'Congratulations!']
      : comments;
export const followUpTemplates = followUps;

export const introTitle = 'Hello from {name}';
export const introBody = 'I am new here. I work on {interest} and hope to learn how others handle {thing}.';

export const eventTemplates: { kind: EventKind; title: string; agenda: string }[] = [
  {
    kind: 'meetup',
    title: 'Open meetup: {topic} questions',
    agenda: 'Bring what you are stuck on; we split into small groups.',
  },
  { kind: 'workshop', title: 'Workshop: {thing}', agenda: 'Hands-on: bring a project and leave with a first version.' },
  { kind: 'lightning_talks', title: 'Lightning talks on {topic}', agenda: 'Five-minute talks, one idea each.' },
  {
    kind: 'meetup',
    title: 'Reading group: {thing}',
    agenda: 'We read one short piece beforehand and discuss it together.',
  },
  { kind: 'social', title: 'Coffee and {topic} chat', agenda: 'An informal hour to meet each other.' },
];

export const notesText = 'Notes: the groups compared approaches and agreed to write up a short checklist.';
export const outcomesText = 'Outcome: a checklist draft, to be proposed to the repertoire.';

export const resourceTemplates: { kind: ResourceKind; format: ResourceFormat; title: string; summary: string }[] = [
  {
    kind: 'article',
    format: 'read',
    title: 'A practical guide to {thing}',
    summary: 'What to do first, what can wait, and the mistakes members ran into.',
  },
  {
    kind: 'template',
    format: 'do',
    title: 'Template: {thing}',
    summary: 'A template members adapted for their own groups.',
  },
  {
    kind: 'video',
    format: 'watch',
    title: 'Introduction to {thing} (recording)',
    summary: 'A recorded talk from one of our sessions.',
  },
  {
    kind: 'example',
    format: 'read',
    title: 'Case study: {thing} in a small lab',
    summary: 'How one group made it work with little time and no budget.',
  },
];
