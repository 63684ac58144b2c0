import { notifications } from '@mantine/notifications';
import { ApiError } from '../api';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'lagoon', message, withBorder: true });
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'too_many_attempts' && error.retryAfter) {
      return `Too many attempts. Try again in ${error.retryAfter} s.`;
    }
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}

export function notifyError(error: unknown): void {
  notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(error), withBorder: true });
}
