import ICAL from 'ical.js';

/** A session of a calendar as a calendar app would show it, read with ical.js. */
export interface ReadInstance {
  uid: string;
  /** UTC instants, ISO 8601. */
  start: string;
  end: string;
  /** The RECURRENCE-ID as a UTC instant (for an instance of a recurring series). */
  recurrenceId: string | null;
  status: string | null;
  summary: string;
  description: string | null;
  location: string | null;
  url: string | null;
}

export interface ReadCalendar {
  text: string;
  /** The TZIDs of the VTIMEZONE blocks, in order. */
  timezones: string[];
  /** Every VEVENT as written. */
  vevents: ICAL.Component[];
  /** Every session, the recurring series expanded (overrides applied, EXDATEs left out), by start. */
  instances: ReadInstance[];
}

/**
 * Parses an iCalendar text with ical.js, registers its time zones, and expands every series
 * the way a calendar app does.
 */
export function readCalendar(text: string, maxPerSeries = 600): ReadCalendar {
  const root = new ICAL.Component(ICAL.parse(text));
  const timezones = root.getAllSubcomponents('vtimezone');
  for (const tz of timezones) ICAL.TimezoneService.register(tz);
  const vevents = root.getAllSubcomponents('vevent');
  const instances: ReadInstance[] = [];
  const str = (c: ICAL.Component, name: string) => {
    const v = c.getFirstPropertyValue(name);
    return v === null || v === undefined ? null : String(v);
  };
  const describe = (item: ICAL.Event, start: ICAL.Time, end: ICAL.Time, recurrenceId: ICAL.Time | null) => ({
    uid: item.uid,
    start: start.toJSDate().toISOString(),
    end: end.toJSDate().toISOString(),
    recurrenceId: recurrenceId ? recurrenceId.toJSDate().toISOString() : null,
    status: str(item.component, 'status'),
    summary: item.summary,
    description: str(item.component, 'description'),
    location: str(item.component, 'location'),
    url: str(item.component, 'url'),
  });
  for (const component of vevents) {
    if (component.hasProperty('recurrence-id')) continue;
    const uid = str(component, 'uid');
    const overrides = vevents.filter((c) => c !== component && c.hasProperty('recurrence-id') && str(c, 'uid') === uid);
    const event = new ICAL.Event(component, { strictExceptions: true, exceptions: overrides });
    if (!event.isRecurring()) {
      instances.push(describe(event, event.startDate, event.endDate, null));
      continue;
    }
    const it = event.iterator();
    for (let n = 0, next = it.next(); next && n < maxPerSeries; n++, next = it.next()) {
      const details = event.getOccurrenceDetails(next);
      instances.push(describe(details.item, details.startDate, details.endDate, details.recurrenceId));
    }
  }
  // Overrides without a master in this file (a session written on its own with a RECURRENCE-ID).
  for (const component of vevents) {
    if (!component.hasProperty('recurrence-id')) continue;
    const uid = str(component, 'uid');
    if (vevents.some((c) => !c.hasProperty('recurrence-id') && str(c, 'uid') === uid)) continue;
    const event = new ICAL.Event(component);
    instances.push(describe(event, event.startDate, event.endDate, event.recurrenceId));
  }
  instances.sort((a, b) => a.start.localeCompare(b.start));
  return {
    text,
    timezones: timezones.map((tz) => String(tz.getFirstPropertyValue('tzid'))),
    vevents,
    instances,
  };
}
