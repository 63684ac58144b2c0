import { afterEach } from 'vitest';

// A test that makes something print to console.error has failed, even if its assertions pass.
const seen: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  seen.push(args);
  original(...args);
};

afterEach(() => {
  if (seen.length > 0) {
    const first = seen.splice(0).map((a) => a.map(String).join(' '));
    throw new Error(`console.error was called during the test:\n${first.join('\n')}`);
  }
});
