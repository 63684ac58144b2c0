/**
 * Renders 100,000 personalised copies of one round-up (about 40 items in six sections) for
 * members with varied interests, expertise and learning formats, and prints the time per copy.
 * Target: under 0.6 ms a copy. `BENCH_COPIES=…` changes the count.
 *
 *   npx tsx bench/roundups.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { learningFormats, type RoundupSection } from '../src/common/limits.js';
import { prepare, renderFor, type Recipient, type RenderItem } from '../src/server/modules/roundups/render.js';

const COPIES = Number(process.env.BENCH_COPIES ?? 100_000);
const TARGET_MS = 0.6;

// A deterministic generator, so runs compare.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
const some = <T>(values: readonly T[], max: number) => {
  const n = Math.floor(random() * (max + 1));
  return [...new Set(Array.from({ length: n }, () => pick(values)))];
};

const topics = ['Testing', 'Packaging', 'Data', 'Python', 'Careers', 'Security', 'HPC', 'Visualisation', 'R', 'Julia'];
const words =
  'we tried property based tests on the solver and found three bugs in the boundary handling which had been there since the first release of the package'.split(
    ' ',
  );
const sentence = (n: number) => {
  const s = Array.from({ length: n }, () => pick(words)).join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

const slug = 'research-software-engineers';
const counts: Record<RoundupSection, number> = {
  accepted_answers: 8,
  resources: 8,
  events: 5,
  wins: 6,
  unanswered: 7,
  newcomers: 6,
};

const items: RenderItem[] = [];
for (const [section, n] of Object.entries(counts) as [RoundupSection, number][]) {
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const objectId = randomUUID();
    const format = pick(['read', 'watch', 'listen', 'do']);
    items.push({
      id,
      section,
      title: `${sentence(6)} <${i}> & more`,
      summary: sentence(30).slice(0, 200),
      path:
        section === 'resources'
          ? `/c/${slug}/repertoire/${objectId}`
          : section === 'events'
            ? `/c/${slug}/events/${randomUUID()}/${objectId}`
            : section === 'newcomers'
              ? `/c/${slug}/members/${objectId}`
              : `/c/${slug}/posts/${objectId}`,
      topics: some(topics, 3),
      formats:
        section === 'resources'
          ? [format]
          : section === 'events'
            ? ['discuss', 'do']
            : section === 'wins'
              ? ['read']
              : ['discuss'],
      meta:
        section === 'events'
          ? {
              kind: 'workshop',
              startsAt: new Date(Date.now() + (i + 1) * 86_400_000).toISOString(),
              endsAt: new Date(Date.now() + (i + 1) * 86_400_000 + 7_200_000).toISOString(),
              timeZone: 'Europe/Berlin',
              place: 'Room 101',
              online: true,
            }
          : section === 'unanswered'
            ? { askedBy: 'Ada Lovelace', ageDays: 3 + i * 4, replyCount: i % 3 }
            : section === 'accepted_answers'
              ? { answeredBy: 'Grace Hopper' }
              : section === 'resources'
                ? { kind: 'article', format }
                : { author: 'Katherine Johnson' },
    });
  }
}

const key = randomBytes(32);
const prepared = prepare(
  {
    kind: 'roundup',
    roundupId: randomUUID(),
    community: { id: randomUUID(), name: 'Research Software Engineers', slug },
    subject: 'Research Software Engineers — week of 2 March 2026',
    introHtml: '<p>Thanks to <strong>everyone</strong> who answered a question this week.</p>',
    items,
    origin: 'https://commonplace.example.org',
  },
  key,
);

const members: Recipient[] = Array.from({ length: 1000 }, (_, i) => ({
  userId: randomUUID(),
  name: `Member ${i} Surname`,
  interests: some(topics, 4),
  expertise: some(topics, 2),
  learningFormats: some(learningFormats, 3),
}));

// Warm up the JIT.
for (let i = 0; i < 2000; i++) renderFor(prepared, members[i % members.length]);

let bytes = 0;
const started = performance.now();
for (let i = 0; i < COPIES; i++) {
  const member = members[i % members.length];
  const copy = renderFor(prepared, { ...member, userId: i < members.length ? member.userId : randomUUIDCheap(i) });
  bytes += copy.html.length + copy.text.length;
}
const elapsed = performance.now() - started;
const perCopy = elapsed / COPIES;

function randomUUIDCheap(i: number) {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

console.log(`round-up render: ${items.length} items, ${COPIES.toLocaleString('en')} personalised copies`);
console.log(`  ${cpus()[0]?.model.trim()}, Node ${process.version}`);
console.log(`  total ${(elapsed / 1000).toFixed(2)} s, ${perCopy.toFixed(3)} ms per copy (target < ${TARGET_MS} ms)`);
console.log(`  average copy ${Math.round(bytes / COPIES / 1024)} KiB (HTML + text)`);
if (perCopy >= TARGET_MS) {
  console.error('  slower than the target');
  process.exitCode = 1;
}
