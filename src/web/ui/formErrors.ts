import { ApiError } from '../api';

interface FieldErrorTarget {
  setFieldError: (path: string, error: string) => void;
}

export function fieldRoot(field: string): string {
  return field.split('.')[0];
}

/** Puts a server validation error on its form field; returns false when the error belongs to no field. */
export function applyFieldError(form: FieldErrorTarget, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const root = fieldRoot(error.field);
  if (!fields.includes(root)) return false;
  form.setFieldError(root, error.message);
  return true;
}
