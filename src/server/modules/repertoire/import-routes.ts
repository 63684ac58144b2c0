import { stream } from 'hono/streaming';
import { AppError } from '../../platform/errors.js';
import { createRouter, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './import-schema.js';
import * as service from './import-service.js';

const tag = 'Repertoire';
const base = '/communities/{slug}/repertoire';

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/** Import (preview, then all or nothing), export, and link previews. */
export function importRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'post',
      path: `${base}/import/preview`,
      tag,
      summary: 'Curators: read a Markdown or CSV list as it would be imported, with each row’s errors; writes nothing',
      params: SlugParam,
      body: s.ImportPreviewInput,
      response: s.ImportPreviewSchema,
    }),
    async (c) =>
      send(c, await service.preview(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: `${base}/import`,
      tag,
      summary:
        'Curators: import a list, all or nothing (422 import_invalid with details.errors when any row is wrong). ' +
        'With `Accept: application/x-ndjson` the answer streams {"type":"progress",done,total} lines, then ' +
        '{"type":"done",imported,ids} or {"type":"error",error}.',
      params: SlugParam,
      body: s.ImportInput,
      response: s.ImportResultSchema,
      status: 201,
    }),
    async (c) => {
      const deps = c.get('deps');
      const actor = c.get('actor');
      // Refusals found before writing (rights, rows at fault) answer with their own status.
      const prepared = await service.prepareImport(deps, actor, c.req.valid('param').slug, c.req.valid('json'));
      if (!(c.req.header('accept') ?? '').includes('application/x-ndjson')) {
        return send(c, await service.commitImport(deps, actor, prepared), 201);
      }
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      c.header('Cache-Control', 'no-store');
      c.header('X-Accel-Buffering', 'no');
      return stream(c, async (out) => {
        // The import goes on if the reader goes away: progress lines are a courtesy, not a condition.
        const say = async (value: unknown) => {
          if (!out.aborted) await out.write(line(value)).catch(() => undefined);
        };
        const total = prepared.parsed.rows.length;
        await say({ type: 'progress', done: 0, total });
        try {
          const result = await service.commitImport(deps, actor, prepared, {
            onProgress: (done) => say({ type: 'progress', done, total }),
          });
          await say({ type: 'done', ...result });
        } catch (err) {
          if (!(err instanceof AppError)) deps.logger.error({ event: 'import.failed', err }, 'import failed');
          const body =
            err instanceof AppError
              ? err.toBody().error
              : { code: 'internal', message: 'Something went wrong on our side; nothing was imported.' };
          await say({ type: 'error', error: body });
        }
      }) as never;
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${base}/export`,
      tag,
      summary: 'The published repertoire as a file: Markdown grouped by kind (imports back), or CSV',
      params: SlugParam,
      query: s.ExportQuery,
      status: 200,
    }),
    async (c) => {
      const file = await service.exportRepertoire(
        c.get('deps'),
        c.get('actor'),
        c.req.valid('param').slug,
        c.req.valid('query').format,
      );
      return c.body(file.body, 200, {
        'Content-Type': file.type,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'no-store',
      }) as never;
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: `${base}/link-preview`,
      tag,
      summary:
        'Members: a page’s title and description, when an admin has turned link previews on (403 link_previews_disabled otherwise)',
      params: SlugParam,
      body: s.LinkPreviewInput,
      response: s.LinkPreviewSchema,
    }),
    async (c) =>
      send(
        c,
        await service.linkPreview(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json').url),
      ),
  );

  return r;
}
