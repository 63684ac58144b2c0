import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { limits } from '../common/limits.js';
import { AppError, notFound } from './platform/errors.js';
import { createRouter, validationError, type AppEnv, type Deps } from './platform/http.js';
import { csrfProtection, requestContext, securityHeaders } from './platform/middleware.js';
import { accountRoutes, authenticate } from './modules/accounts/routes.js';
import { adminRoutes } from './modules/admin/routes.js';
import { communityRoutes } from './modules/communities/routes.js';
import { eventRoutes } from './modules/events/routes.js';
import { conversationRoutes } from './modules/conversations/routes.js';
import { invitationRoutes } from './modules/invitations/routes.js';
import { memberRoutes } from './modules/members/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { repertoireRoutes } from './modules/repertoire/routes.js';
import { searchRoutes } from './modules/search/routes.js';
import { roundupRoutes } from './modules/roundups/routes.js';
import { mailPreferenceRoutes } from './modules/notifications/mail-preferences-routes.js';
import { catchUpRoutes } from './modules/members/catch-up-routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { surveyRoutes } from './modules/surveys/routes.js';
import { participationRoutes } from './modules/participation/routes.js';
import { followLink } from './modules/roundups/links.js';
import { ZodError } from 'zod';

export interface AppOptions {
  /** Folder of the built web app; the SPA is served from here when it exists. */
  webDir?: string;
}

export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps));
  app.use('*', securityHeaders());

  const api = createRouter();
  const limitBody = bodyLimit({
    maxSize: limits.requestBodyBytes,
    onError: () => {
      throw new AppError(413, 'payload_too_large', `Request bodies are limited to ${limits.requestBodyBytes} bytes.`);
    },
  });
  // GET and HEAD carry no body. Asking whether one came makes the server build a full Fetch
  // Request from Node's, which cost reads about a tenth of their time.
  api.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  api.use('*', authenticate());
  api.use('*', csrfProtection());
  api.route('/', accountRoutes());
  api.route('/', communityRoutes());
  api.route('/', memberRoutes());
  api.route('/', conversationRoutes());
  api.route('/', repertoireRoutes());
  api.route('/', eventRoutes());
  api.route('/', invitationRoutes());
  api.route('/', adminRoutes());
  api.route('/', searchRoutes());
  api.route('/', notificationRoutes());
  api.route('/', roundupRoutes());
  api.route('/', mailPreferenceRoutes());
  api.route('/', catchUpRoutes());
  api.route('/', participationRoutes());
  api.route('/', healthRoutes());
  api.route('/', surveyRoutes());
  api.all('*', () => {
    throw notFound();
  });
  app.route('/api/v1', api);
  // Tracked links in round-ups, short enough for mail: record the click, then go to the item.
  app.get('/r/:token', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    try {
      return c.redirect(await followLink(deps, c.req.param('token')), 302);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return c.html(
        '<!doctype html><meta charset="utf-8"><title>Link not valid</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2933"><h1>This link is not valid</h1><p>It may have been cut off or changed on its way to you. Open Commonplace and find the item there.</p><p><a href="/">Go to Commonplace</a></p></body>',
        400,
      );
    }
  });

  api.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'cp_session',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const spec = () =>
    api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Commonplace API',
        version: '1',
        description:
          'Everything the web app does. Authenticate scripts with a personal API token (`Authorization: Bearer cp_…`). Browser writes send the `X-CSRF-Token` header with the token from `GET /auth/me`. Errors are `{ "error": { "code", "message", "field"? } }`.',
      },
      servers: [{ url: '/api/v1' }],
    });
  app.get('/api/openapi.json', (c) => c.json(spec()));
  mountApiDocs(app);

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(err.toBody(), err.status, err.headers);
    if (err instanceof ZodError) {
      const e = validationError(err);
      return c.json(e.toBody(), e.status);
    }
    if (err instanceof HTTPException && err.status === 400) {
      return c.json(new AppError(400, 'invalid_json', 'The request body is not valid JSON.').toBody(), 400);
    }
    if (err instanceof HTTPException && err.status === 415) {
      return c.json(
        new AppError(415, 'unsupported_media_type', 'Send the request body as application/json.').toBody(),
        415,
      );
    }
    const pgCode = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (pgCode === '23505') {
      return c.json(new AppError(409, 'conflict', 'That already exists.').toBody(), 409);
    }
    deps.logger.error({ event: 'http.unhandled', err, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
  });

  app.notFound((c) => c.json(notFound().toBody(), 404));

  if (options.webDir && existsSync(path.join(options.webDir, 'index.html'))) mountWeb(app, options.webDir);
  return app;
}

function mountApiDocs(app: Hono<AppEnv>) {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Commonplace API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"><link rel="stylesheet" href="/api/docs/docs.css"></head>
<body><div id="docs"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;
  // Deep links would put a link inside each operation's toggle button (nested controls), and the
  // server picker comes without a name: both trip up screen readers.
  const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: false });
new MutationObserver(() => {
  const servers = document.getElementById('servers');
  if (servers && !servers.hasAttribute('aria-label')) servers.setAttribute('aria-label', 'Server');
}).observe(document.getElementById('docs'), { childList: true, subtree: true });`;
  // Swagger UI's own colours fall short of WCAG AA contrast; the same hues, darker.
  const css = `.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1f6fbf; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #187a4d; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #a35200; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #0e7563; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #c21f1f; }
.swagger-ui .info .title small.version-stamp { background: #4d7000; }
.swagger-ui .info .url, .swagger-ui .info a { color: #1f5fae; }
.swagger-ui .btn.authorize { color: #187a4d; border-color: #187a4d; }
.swagger-ui .btn.authorize svg { fill: #187a4d; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #595959; }
`;
  app.get('/api/docs', (c) => c.html(page));
  app.get('/api/docs/init.js', (c) => c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/api/docs/docs.css', (c) => c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/api/docs/assets/:file{.+\\.(css|js)}', (c) => {
    const file = path.join(dist, path.basename(c.req.param('file')));
    if (!existsSync(file)) throw notFound();
    return c.body(readFileSync(file), 200, {
      'Content-Type': file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });
}

function mountWeb(app: Hono<AppEnv>, webDir: string) {
  const root = path.relative(process.cwd(), webDir) || '.';
  const index = readFileSync(path.join(webDir, 'index.html'), 'utf8');
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_p, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('/favicon.svg', serveStatic({ root }));
  // Every other GET that is not the API is a page of the single-page app.
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/')) throw notFound();
    c.header('Cache-Control', 'no-cache');
    return c.html(index);
  });
}
