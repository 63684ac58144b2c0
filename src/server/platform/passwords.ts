import { dictionary } from '@zxcvbn-ts/language-common';
import { limits } from '../../common/limits.js';
import { invalid } from './errors.js';

// ~49k most common passwords, lower-cased, from a well-kept strength-estimation package.
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Length and a common-password list; no composition rules (they make passwords worse). */
export function assertAcceptablePassword(password: string, field = 'password', context: string[] = []): void {
  if (password.length < limits.passwordMin)
    throw invalid(field, `Use at least ${limits.passwordMin} characters.`, 'password_too_short');
  if (password.length > limits.passwordMax)
    throw invalid(field, `Use at most ${limits.passwordMax} characters.`, 'password_too_long');
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || context.some((c) => c && lower === c.toLowerCase()))
    throw invalid(field, 'This password is too common. Choose a less guessable one.', 'password_common');
}
