import { emailNotificationKinds, mailCadences, type EmailNotificationKind } from '../../../common/limits.js';
import { createRouter, route, send, z } from '../../platform/http.js';
import * as prefs from './mail-preferences.js';

const tag = 'Mail preferences';

const Cadence = z.enum(mailCadences);
const ImmediateOrOff = z.enum(['immediate', 'off'], {
  error: 'This kind of mail is sent at once or not at all: choose immediate or off.',
});

const cadenceOf = (kind: EmailNotificationKind) => (prefs.immediateOnlyKinds.has(kind) ? ImmediateOrOff : Cadence);

const KindsSchema = z.object(
  Object.fromEntries(prefs.emailKinds.map((k) => [k, Cadence])) as Record<EmailNotificationKind, typeof Cadence>,
);
const KindsPatch = z.strictObject(
  Object.fromEntries(prefs.emailKinds.map((k) => [k, cadenceOf(k).optional()])) as Record<
    EmailNotificationKind,
    z.ZodOptional<typeof Cadence>
  >,
);

export const MailPreferencesSchema = z
  .object({
    kinds: KindsSchema,
    catchUpEmail: z.boolean(),
    roundups: z.array(z.object({ communitySlug: z.string(), communityName: z.string(), enabled: z.boolean() })),
  })
  .openapi('MailPreferences', {
    description: `Per kind of notification mail (${Object.keys(emailNotificationKinds).join(', ')}): immediate, daily or off.`,
  });

export const MailPreferencesPatch = z
  .strictObject({
    kinds: KindsPatch.optional(),
    catchUpEmail: z.boolean().optional(),
    roundups: z
      .array(z.strictObject({ communitySlug: z.string().min(1).max(200), enabled: z.boolean() }))
      .max(1000)
      .optional(),
  })
  .openapi('MailPreferencesPatch');

export const MailUnsubscribeSchema = z
  .object({
    kind: z.enum(prefs.emailKinds as [EmailNotificationKind, ...EmailNotificationKind[]]),
    email: z.string().openapi({ description: 'Masked, e.g. m•••@example.org.' }),
    alreadyUnsubscribed: z.boolean().openapi({ description: 'Whether that kind of mail was off before this request.' }),
  })
  .openapi('MailUnsubscribe');

const TokenParams = z.object({ token: z.string().min(1).max(2000) });

export function mailPreferenceRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/me/mail-preferences',
      tag,
      summary: 'My mail preferences',
      response: MailPreferencesSchema,
    }),
    async (c) => send(c, await prefs.getPreferences(c.get('deps'), c.get('actor'))),
  );

  r.openapi(
    route({
      method: 'patch',
      path: '/me/mail-preferences',
      tag,
      summary: 'Change some of my mail preferences',
      body: MailPreferencesPatch,
      response: MailPreferencesSchema,
    }),
    async (c) => send(c, await prefs.updatePreferences(c.get('deps'), c.get('actor'), c.req.valid('json'))),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/unsubscribe/mail/{token}',
      tag,
      summary: 'What an unsubscribe link from a notification mail turns off',
      params: TokenParams,
      response: MailUnsubscribeSchema,
    }),
    async (c) => send(c, await prefs.describeUnsubscribe(c.get('deps'), c.req.valid('param').token)),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/unsubscribe/mail/{token}',
      tag,
      summary: 'Turn off that kind of notification mail (one-click, RFC 8058); using it again changes nothing',
      params: TokenParams,
      response: MailUnsubscribeSchema,
    }),
    async (c) => send(c, await prefs.unsubscribe(c.get('deps'), c.req.valid('param').token)),
  );

  return r;
}
