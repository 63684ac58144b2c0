import { creditRoles, limits, resourceFormats, resourceKinds } from '../../../common/limits.js';
import { z } from '../../platform/http.js';

const Formats = z.enum(['markdown', 'csv']);

export const ImportPreviewInput = z
  .strictObject({
    format: Formats,
    // The byte limit (`limits.importBytes`) is checked by the reader, which names it in a row error.
    text: z.string().max(limits.requestBodyBytes),
    defaults: z
      .strictObject({ kind: z.enum(resourceKinds).optional(), format: z.enum(resourceFormats).optional() })
      .optional()
      .openapi({
        description: 'The kind for items under no heading that names one, and the format when none is given.',
      }),
  })
  .openapi('ImportPreviewInput');
export type ImportPreviewInput = z.infer<typeof ImportPreviewInput>;

export const ImportInput = ImportPreviewInput.extend({
  publish: z.boolean().optional().openapi({ description: 'false: import as proposals. Published otherwise.' }),
}).openapi('ImportInput');
export type ImportInput = z.infer<typeof ImportInput>;

const Person = z.object({ id: z.string(), name: z.string(), handle: z.string() });

export const RowErrorSchema = z
  .object({
    line: z.number().int().openapi({ description: 'From 1; 0 for the text as a whole.' }),
    field: z.string(),
    code: z.string(),
    message: z.string(),
  })
  .openapi('ImportRowError');

export const ImportPreviewSchema = z
  .object({
    rows: z.array(
      z.object({
        line: z.number().int(),
        kind: z.enum(resourceKinds).nullable(),
        format: z.enum(resourceFormats).nullable(),
        title: z.string(),
        url: z.string().nullable(),
        summary: z.string(),
        tags: z.array(z.string()),
        credits: z.array(z.object({ role: z.enum(creditRoles), name: z.string(), user: Person.nullable() })),
      }),
    ),
    errors: z.array(RowErrorSchema),
    total: z.number().int(),
  })
  .openapi('ImportPreview');

export const ImportResultSchema = z
  .object({ imported: z.number().int(), ids: z.array(z.string()) })
  .openapi('ImportResult');

export const ExportQuery = z.object({ format: Formats.default('markdown') });

export const LinkPreviewInput = z.strictObject({ url: z.string().trim().min(1).max(limits.url) });

export const LinkPreviewSchema = z
  .object({ title: z.string().nullable(), description: z.string().nullable(), siteName: z.string().nullable() })
  .openapi('LinkPreview');
