import type { CanvasInput } from '../../../common/api-types';

const required = (label: string) => (value: string) => (value.trim() ? null : `${label} is required`);

export const canvasValidators = {
  name: required('A name'),
  slug: (value: string) =>
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) ? null : 'Use lowercase letters, digits and single dashes',
  need: required('The need'),
  domain: required('The domain'),
  purpose: required('The purpose'),
  joining: (value: CanvasInput['joining'], values: CanvasInput) =>
    values.visibility === 'private' && value !== 'invitation' ? 'Private communities are joined by invitation' : null,
};
