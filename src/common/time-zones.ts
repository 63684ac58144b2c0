/** Accepts any zone the runtime knows, under its canonical spelling (e.g. `utc` → `UTC`); null when unknown. */
export function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
