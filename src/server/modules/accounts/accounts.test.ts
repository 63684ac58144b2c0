import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEvents, authTokens, sessions, users } from '../../db/schema/index.js';
import { linkIn } from '../../../../test/mailbox.js';
import { setupTestApp, TEST_PASSWORD, uniqueEmail, type TestApp } from '../../../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupTestApp();
});
afterAll(() => t?.close());

const tokenFrom = (link: string) => new URL(link).searchParams.get('token')!;

describe('first run', () => {
  it('asks for an admin until one exists, then refuses a second', async () => {
    // This file's database starts empty of users only until the first createUser below.
    const anon = t.client();
    const before = await anon.get('/api/v1/auth/me');
    expect(before.body.needsSetup).toBe(true);
    const made = await anon.post('/api/v1/setup/admin', {
      name: 'Ada Admin',
      email: 'Ada@Example.org',
      password: TEST_PASSWORD,
    });
    expect(made.status).toBe(201);
    expect(made.body.user).toMatchObject({ email: 'ada@example.org', isAdmin: true });
    const me = await anon.get('/api/v1/auth/me');
    expect(me.body).toMatchObject({ needsSetup: false, user: { email: 'ada@example.org' } });
    const again = await t
      .client()
      .post('/api/v1/setup/admin', { name: 'Eve', email: uniqueEmail(), password: TEST_PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_set_up');
  });
});

describe('sign-up', () => {
  it('emails a confirmation link that signs the new member in once', async () => {
    const email = uniqueEmail('newbie');
    const browser = t.client();
    const res = await browser.post('/api/v1/auth/signup', { name: 'New Bie', email, password: TEST_PASSWORD });
    expect(res.status).toBe(202);
    // Not confirmed yet: password sign-in is refused with a clear code.
    const early = await browser.post('/api/v1/auth/signin', { email, password: TEST_PASSWORD });
    expect(early.body.error.code).toBe('email_unverified');
    const mail = await t.mail.waitFor(email, (m) => m.subject.includes('Confirm'));
    const token = tokenFrom(linkIn(mail, '/magic'));
    const ok = await browser.post('/api/v1/auth/magic-link/verify', { token });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(email);
    expect((await browser.get('/api/v1/auth/me')).body.user.email).toBe(email);
    const reuse = await browser.post('/api/v1/auth/magic-link/verify', { token });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe('invalid_token');
  });

  it('answers the same for an address that already has an account', async () => {
    const existing = await t.createUser();
    const fresh = await t
      .client()
      .post('/api/v1/auth/signup', { name: 'X', email: uniqueEmail(), password: TEST_PASSWORD });
    const taken = await t
      .client()
      .post('/api/v1/auth/signup', { name: 'X', email: existing.email, password: TEST_PASSWORD });
    expect(taken.status).toBe(fresh.status);
    expect(taken.body).toEqual(fresh.body);
    const mail = await t.mail.waitFor(existing.email);
    expect(mail.subject).toMatch(/already have/);
  });

  it('refuses short, common and oversized passwords with the field at fault', async () => {
    const cases: [string, string][] = [
      ['short', 'password_too_short'],
      ['password123', 'password_common'],
      ['x'.repeat(200), 'password_too_long'],
    ];
    for (const [password, code] of cases) {
      const res = await t.client().post('/api/v1/auth/signup', { name: 'P', email: uniqueEmail(), password });
      expect(res.status, password).toBe(422);
      expect(res.body.error).toMatchObject({ code, field: 'password' });
    }
    const accepted = await t
      .client()
      .post('/api/v1/auth/signup', { name: 'P', email: uniqueEmail(), password: 'a'.repeat(64) + 'b' });
    expect(accepted.status).toBe(202);
  });
});

describe('sign-in and sessions', () => {
  it('gives a new HttpOnly SameSite=Lax session cookie at each sign-in and ends it at sign-out', async () => {
    const user = await t.createUser();
    const c = t.client();
    const first = await c.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
    const cookie = first.headers.getSetCookie().find((h) => h.startsWith('cp_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const firstValue = c.cookies.get('cp_session');
    await c.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
    expect(c.cookies.get('cp_session')).not.toBe(firstValue);
    expect((await c.post('/api/v1/auth/signout')).status).toBe(204);
    expect((await c.get('/api/v1/auth/me')).body.user).toBeNull();
    expect((await c.get('/api/v1/account/sessions')).status).toBe(401);
  });

  it('uses __Host- Secure cookies and HSTS over HTTPS', async () => {
    const user = await t.createUser();
    const headers = { 'x-forwarded-proto': 'https' };
    const c = t.client();
    const me = await c.get('/api/v1/auth/me', headers);
    expect(me.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    const csrf = me.body.csrfToken;
    const res = await t.app.request('/api/v1/auth/signin', {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'x-csrf-token': csrf,
        cookie: `__Host-cp_csrf=${csrf}`,
        'x-forwarded-for': c.ip,
      },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('__Host-cp_session='))!;
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('does not tell whether an email has an account', async () => {
    const user = await t.createUser();
    const wrong = await t.client().post('/api/v1/auth/signin', { email: user.email, password: 'not-the-password-1' });
    const unknown = await t
      .client()
      .post('/api/v1/auth/signin', { email: uniqueEmail(), password: 'not-the-password-1' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('slows repeated failures per account with growing delays, without locking the owner out of links', async () => {
    const user = await t.createUser();
    const attacker = t.client();
    for (let i = 0; i < 6; i++)
      await t.client().post('/api/v1/auth/signin', { email: user.email, password: `wrong-guess-${i}` });
    const delayed = await attacker.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
    expect(delayed.status).toBe(429);
    expect(delayed.body.error.code).toBe('too_many_attempts');
    expect(Number(delayed.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner can still get in by email: no lock-out.
    const owner = t.client();
    expect((await owner.post('/api/v1/auth/magic-link', { email: user.email })).status).toBe(202);
    const mail = await t.mail.waitFor(user.email, (m) => m.subject.includes('sign-in link'));
    const res = await owner.post('/api/v1/auth/magic-link/verify', { token: tokenFrom(linkIn(mail, '/magic')) });
    expect(res.status).toBe(200);
  });

  it('slows one address trying many accounts', async () => {
    const attacker = t.client();
    let last = 0;
    for (let i = 0; i < 32; i++) {
      last = (await attacker.post('/api/v1/auth/signin', { email: uniqueEmail(), password: 'wrong-guess-x' })).status;
    }
    expect(last).toBe(429);
  });

  it('lists my sessions and ends another one', async () => {
    const user = await t.createUser();
    const laptop = t.client();
    const phone = t.client();
    await laptop.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
    await phone.post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
    const list = await laptop.get('/api/v1/account/sessions');
    expect(list.headers.get('cache-control')).toBe('private, no-store');
    expect(list.body.items).toHaveLength(2);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    expect((await laptop.delete(`/api/v1/account/sessions/${other.id}`)).status).toBe(204);
    expect((await phone.get('/api/v1/auth/me')).body.user).toBeNull();
    expect((await laptop.get('/api/v1/auth/me')).body.user.id).toBe(user.id);
    // Someone else's session id is simply not found.
    const stranger = await t.signedInUser();
    expect((await stranger.client.delete(`/api/v1/account/sessions/${list.body.items[0].id}`)).status).toBe(404);
  });
});

describe('magic links', () => {
  it('are used only by POST, once, in the browser that asked, within 10 minutes', async () => {
    const user = await t.createUser();
    const browser = t.client();
    const res = await browser.post('/api/v1/auth/magic-link', { email: user.email, next: '/communities' });
    expect(res.status).toBe(202);
    const unknown = await t.client().post('/api/v1/auth/magic-link', { email: uniqueEmail() });
    expect(unknown.body).toEqual(res.body);

    const mail = await t.mail.waitFor(user.email, (m) => m.subject.includes('sign-in link'));
    const link = linkIn(mail, '/magic');
    // Opening the link (what a mail scanner does) only shows a page: the token survives.
    const page = await t.app.request(new URL(link).pathname + new URL(link).search);
    expect(page.status).not.toBe(500);
    const token = tokenFrom(link);
    const [row] = await t.deps.db.select().from(authTokens).where(eq(authTokens.userId, user.id));
    expect(row.usedAt).toBeNull();
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(10 * 60_000);

    const elsewhere = await t.client().post('/api/v1/auth/magic-link/verify', { token });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe('other_browser');

    const ok = await browser.post('/api/v1/auth/magic-link/verify', { token });
    expect(ok.status).toBe(200);
    expect(ok.body.next).toBe('/communities');
    expect((await browser.post('/api/v1/auth/magic-link/verify', { token })).body.error.code).toBe('invalid_token');
  });

  it('expire, and die when the email changes', async () => {
    const { user, client } = await t.signedInUser();
    const browser = t.client();
    await browser.post('/api/v1/auth/magic-link', { email: user.email });
    const mail = await t.mail.waitFor(user.email, (m) => m.subject.includes('sign-in link'));
    const newEmail = uniqueEmail('moved');
    expect((await client.patch('/api/v1/account', { email: newEmail })).status).toBe(200);
    const res = await browser.post('/api/v1/auth/magic-link/verify', { token: tokenFrom(linkIn(mail, '/magic')) });
    expect(res.body.error.code).toBe('invalid_token');

    await browser.post('/api/v1/auth/magic-link', { email: newEmail });
    const second = await t.mail.waitFor(newEmail, (m) => m.subject.includes('sign-in link'));
    await t.deps.db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authTokens.userId, user.id));
    const late = await browser.post('/api/v1/auth/magic-link/verify', { token: tokenFrom(linkIn(second, '/magic')) });
    expect(late.body.error.code).toBe('invalid_token');
  });

  it('refuses next= targets that leave the site', async () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)']) {
      const res = await t.client().post('/api/v1/auth/magic-link', { email: uniqueEmail(), next });
      expect(res.status, next).toBe(400);
      expect(res.body.error.field).toBe('next');
    }
  });

  it('are rate limited per address', async () => {
    const user = await t.createUser();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await t.client().post('/api/v1/auth/magic-link', { email: user.email })).status);
    expect(statuses.slice(0, 5).every((s) => s === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('password reset', () => {
  it('sets a new password, ends every session and signs in', async () => {
    const { user, client: old } = await t.signedInUser();
    const browser = t.client();
    await browser.post('/api/v1/auth/password-reset', { email: user.email });
    const mail = await t.mail.waitFor(user.email, (m) => m.subject.includes('Reset'));
    const token = tokenFrom(linkIn(mail, '/reset/confirm'));
    const common = await browser.post('/api/v1/auth/password-reset/confirm', { token, password: 'qwertyuiop' });
    expect(common.body.error.code).toBe('password_common');
    const ok = await browser.post('/api/v1/auth/password-reset/confirm', { token, password: 'a-brand-new-secret-9' });
    expect(ok.status).toBe(200);
    expect((await old.get('/api/v1/auth/me')).body.user).toBeNull();
    expect(
      (await t.client().post('/api/v1/auth/signin', { email: user.email, password: 'a-brand-new-secret-9' })).status,
    ).toBe(200);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, work as Bearer without CSRF, and can be revoked', async () => {
    const { user, client } = await t.signedInUser();
    const made = await client.post('/api/v1/account/tokens', { name: 'import script' });
    expect(made.status).toBe(201);
    const token: string = made.body.token;
    expect(token.startsWith('cp_')).toBe(true);
    const listed = await client.get('/api/v1/account/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const script = t.client({ bearer: token });
    const me = await script.get('/api/v1/auth/me');
    expect(me.body.user.id).toBe(user.id);
    expect((await script.patch('/api/v1/account', { name: 'Scripted Name' })).status).toBe(200);
    expect((await client.delete(`/api/v1/account/tokens/${made.body.item.id}`)).status).toBe(204);
    const after = await script.get('/api/v1/account/sessions');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
  });
});

describe('handles', () => {
  it('are made from the name, shown on /auth/me, and changed in account settings', async () => {
    const { user, client } = await t.signedInUser({ name: 'Grace Hopper-Smith' });
    const me = (await client.get('/api/v1/auth/me')).body.user;
    expect(me).toEqual({
      id: user.id,
      name: 'Grace Hopper-Smith',
      email: user.email,
      isAdmin: false,
      handle: expect.stringMatching(/^grace_hopper_smith\d*$/),
    });

    const changed = await client.patch('/api/v1/account', { handle: '  Amazing_Grace ' });
    expect([changed.status, changed.body.user.handle]).toEqual([200, 'amazing_grace']);
    expect((await client.get('/api/v1/auth/me')).body.user.handle).toBe('amazing_grace');
    expect((await client.patch('/api/v1/account', { handle: 'amazing_grace' })).status).toBe(200);

    for (const bad of ['g', 'x'.repeat(31), 'grace hopper', 'grâce', 'grace-h', '@grace', '']) {
      const res = await client.patch('/api/v1/account', { handle: bad });
      expect([bad, res.status, res.body.error.code, res.body.error.field]).toEqual([
        bad,
        422,
        'invalid_handle',
        'handle',
      ]);
    }
    const other = await t.signedInUser({ name: 'Other Person' });
    const taken = await other.client.patch('/api/v1/account', { handle: 'AMAZING_GRACE' });
    expect([taken.status, taken.body.error.code, taken.body.error.field]).toEqual([409, 'handle_taken', 'handle']);
    expect((await client.get('/api/v1/auth/me')).body.user.handle).toBe('amazing_grace');
    expect((await t.client().patch('/api/v1/account', { handle: 'nobody_here' })).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the token or from another origin', async () => {
    const { client } = await t.signedInUser();
    const noToken = await client.request('PATCH', '/api/v1/account', { name: 'X' }, { 'x-csrf-token': 'nope' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf');
    const crossSite = await client.request(
      'PATCH',
      '/api/v1/account',
      { name: 'X' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    const fine = await client.patch('/api/v1/account', { name: 'Fine' });
    expect(fine.status).toBe(200);
  });
});

describe('admin', () => {
  it('reads the outbox and disables accounts, ending their sessions', async () => {
    const admin = await t.signedInUser({ isAdmin: true });
    const { user, client } = await t.signedInUser();
    await t.client().post('/api/v1/auth/magic-link', { email: user.email });
    const outbox = await admin.client.get('/api/v1/admin/outbox');
    const item = outbox.body.items.find((m: { to: string }) => m.to === user.email);
    expect(item).toBeTruthy();
    const one = await admin.client.get(`/api/v1/admin/outbox/${item.id}`);
    expect(one.body.text).toContain('/magic?token=');
    expect((await client.get('/api/v1/admin/outbox')).status).toBe(404);
    expect((await t.client().get('/api/v1/admin/outbox')).status).toBe(401);

    expect((await admin.client.post(`/api/v1/admin/users/${user.id}/disable`)).status).toBe(204);
    expect((await client.get('/api/v1/auth/me')).body.user).toBeNull();
    expect(await t.deps.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const signin = await t.client().post('/api/v1/auth/signin', { email: user.email, password: TEST_PASSWORD });
    expect(signin.status).toBe(401);
    const events = await t.deps.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.verb, 'disabled_user'), eq(activityEvents.objectId, user.id)));
    expect(events).toHaveLength(1);
  });
});

describe('headers and bad input', () => {
  it('sets the security headers on pages and API', async () => {
    const res = await t.client().get('/api/v1/auth/me');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
  });

  it('answers malformed JSON and type confusion with 400, never 500', async () => {
    const c = t.client();
    const broken = await c.request('POST', '/api/v1/auth/signin', '{"email": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const bodies = [
      [],
      null,
      'str',
      42,
      { email: ['a@b.c'], password: 'x' },
      { email: null, password: null },
      { email: 'a@b.c', password: { $gt: '' } },
    ];
    for (const body of bodies) {
      const res = await c.request('POST', '/api/v1/auth/signin', JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBeTruthy();
    }
    const extra = await c.post('/api/v1/auth/signup', {
      name: 'X',
      email: uniqueEmail(),
      password: TEST_PASSWORD,
      isAdmin: true,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({ code: 'unknown_field', field: 'isAdmin' });
    const long = await c.post('/api/v1/auth/signup', {
      name: 'n'.repeat(121),
      email: uniqueEmail(),
      password: TEST_PASSWORD,
    });
    expect(long.body.error).toMatchObject({ code: 'too_long', field: 'name' });
    const huge = await c.request(
      'POST',
      '/api/v1/auth/signin',
      JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1_100_000) }),
    );
    expect(huge.status).toBe(413);
    const [count] = await t.deps.db
      .select()
      .from(users)
      .where(eq(users.name, 'n'.repeat(121)));
    expect(count).toBeUndefined();
  });
});
