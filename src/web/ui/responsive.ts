import { useMediaQuery } from '@mantine/hooks';

/** Mantine's breakpoints, in em as the theme defines them. */
const BREAKPOINTS = { xs: '36em', sm: '48em', md: '62em' } as const;

/**
 * True below the given breakpoint. Read synchronously on the first render (this is a client-only
 * SPA), so a phone never flashes the wide layout before switching to the compact one.
 */
export function useBelow(breakpoint: keyof typeof BREAKPOINTS): boolean {
  return useMediaQuery(`(max-width: calc(${BREAKPOINTS[breakpoint]} - 0.0625em))`, false, {
    getInitialValueInEffect: false,
  });
}
