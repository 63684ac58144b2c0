import { createRouter, route, send, z } from '../../platform/http.js';
import { reportCsv } from './report-csv.js';
import { reportPdf } from './report-pdf.js';
import { buildReport } from './report-service.js';

const tag = 'Health';

const Day = z.iso.date().openapi({ example: '2026-03-31', description: 'A calendar day, YYYY-MM-DD.' });
const ReportQuery = z.object({
  from: Day.openapi({ description: 'The first day of the period (included).' }),
  to: Day.openapi({ description: 'The last day of the period (included); at most 2 years after `from`.' }),
  format: z.enum(['json', 'csv', 'pdf']).default('json'),
});

const ReportSchema = z
  .record(z.string(), z.unknown())
  .openapi('SponsorReport', { description: 'Aggregate figures only: no names, no posts, no written answers.' });

/** The sponsor report: aggregate figures of a period, as JSON for the page, or a CSV or PDF file. */
export function reportRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/health/report',
      tag,
      summary:
        'Coordinators: the sponsor report of a period — size and growth, engagement by mode, outcomes, health and survey highlights; JSON, or a CSV or PDF download',
      params: z.object({ slug: z.string().max(200) }),
      query: ReportQuery,
      response: ReportSchema,
    }),
    async (c) => {
      const { from, to, format } = c.req.valid('query');
      const { report, filename } = await buildReport(c.get('deps'), c.get('actor'), c.req.valid('param').slug, {
        from,
        to,
      });
      c.header('Cache-Control', 'no-store');
      if (format === 'json') return send(c, report);
      const file =
        format === 'csv'
          ? { body: `\ufeff${reportCsv(report)}`, type: 'text/csv; charset=utf-8' }
          : { body: new Uint8Array(await reportPdf(report)), type: 'application/pdf' };
      return c.body(file.body, 200, {
        'Content-Type': file.type,
        'Content-Disposition': `attachment; filename="${filename}.${format}"`,
      }) as never;
    },
  );

  return r;
}
