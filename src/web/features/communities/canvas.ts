import { limits } from '../../../common/limits';
import type { CanvasInput, CommunityDetail } from '../../../common/api-types';

export const EMPTY_CANVAS: CanvasInput = {
  name: '',
  slug: '',
  need: '',
  domain: '',
  purpose: '',
  values: [],
  audience: '',
  activities: [],
  successMeasures: [],
  type: 'open',
  visibility: 'public',
  joining: 'open',
  topics: [],
  allowFreeTags: false,
  timeZone: browserZone(),
};

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export const CANVAS_FIELDS = Object.keys(EMPTY_CANVAS) as (keyof CanvasInput)[];

export const STEP_FIELDS: (keyof CanvasInput)[][] = [
  ['name', 'slug', 'need', 'domain'],
  ['purpose', 'values'],
  ['audience', 'type'],
  ['activities', 'successMeasures'],
  ['visibility', 'joining', 'topics', 'allowFreeTags', 'timeZone'],
];

export function stepOfField(field: string): number {
  const root = field.split('.')[0];
  const index = STEP_FIELDS.findIndex((fields) => (fields as string[]).includes(root));
  return index < 0 ? 0 : index;
}

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, limits.slug)
    .replace(/-+$/g, '');
}

export function canvasFrom(detail: CommunityDetail): CanvasInput {
  const result = { ...EMPTY_CANVAS };
  for (const key of CANVAS_FIELDS) (result as Record<string, unknown>)[key] = detail[key] ?? EMPTY_CANVAS[key];
  return result;
}
