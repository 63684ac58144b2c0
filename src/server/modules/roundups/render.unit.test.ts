import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepare, renderFor, type RenderItem } from './render.js';

const key = randomBytes(32);
const tess = randomUUID();
const walt = randomUUID();

const item = (over: Partial<RenderItem> & Pick<RenderItem, 'section' | 'title'>): RenderItem => ({
  id: randomUUID(),
  summary: '',
  path: `/c/coders/posts/${randomUUID()}`,
  topics: [],
  formats: [],
  meta: {},
  ...over,
});

const copyFor = (items: RenderItem[], userId: string, interests: string[] = []) =>
  renderFor(
    prepare(
      {
        kind: 'roundup',
        roundupId: randomUUID(),
        community: { id: randomUUID(), name: 'Coders <&>', slug: 'coders' },
        subject: 'Coders — week of 30 November 2026',
        introHtml: '<p>Hello all</p>',
        items,
        origin: 'https://cop.example.org/',
      },
      key,
    ),
    { userId, name: 'Some One', interests, expertise: [], learningFormats: [] },
  );

describe('a copy of the round-up', () => {
  it('does not ask a newcomer to greet themselves, and drops a section left empty', () => {
    const newcomers = [
      item({ section: 'newcomers', title: 'Tess Tester', objectType: 'member', objectId: tess }),
      item({ section: 'newcomers', title: 'Walt Watcher', objectType: 'member', objectId: walt }),
    ];
    const mine = copyFor(newcomers, tess);
    expect(mine.text).toContain('Walt Watcher');
    expect(mine.text).not.toContain('Tess Tester');
    expect(copyFor(newcomers, walt).text).toContain('Tess Tester');
    const alone = copyFor([newcomers[0], item({ section: 'wins', title: 'We shipped' })], tess);
    expect(alone.text).not.toMatch(/SAY HELLO/);
    expect(alone.html).not.toContain('Say hello to new members');
    expect(alone.text).toContain('We shipped');
  });

  it('puts items in the reader’s interests first and keeps the coordinator’s order otherwise', () => {
    const items = [
      item({ section: 'resources', title: 'On testing', topics: ['Testing'] }),
      item({ section: 'resources', title: 'On packaging', topics: ['Packaging'] }),
    ];
    const packager = copyFor(items, tess, ['packaging']).text;
    expect(packager.indexOf('On packaging')).toBeLessThan(packager.indexOf('On testing'));
    const nobody = copyFor(items, walt).text;
    expect(nobody.indexOf('On testing')).toBeLessThan(nobody.indexOf('On packaging'));
  });

  it('escapes what members wrote and links only through this site’s tracked address', () => {
    const copy = copyFor([item({ section: 'wins', title: '<script>alert(1)</script> & co' })], tess);
    expect(copy.html).not.toContain('<script>alert(1)');
    expect(copy.html).toContain('&lt;script&gt;');
    expect(copy.html).toContain('Coders &lt;&amp;&gt;');
    const links = [...copy.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith('https://cop.example.org/')).toBe(true);
    expect(copy.unsubscribeUrl).toMatch(/^https:\/\/cop\.example\.org\/api\/v1\/unsubscribe\/roundup\//);
  });
});
