const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function parse(value: string): Date | null {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = parse(value);
  return date ? dateFmt.format(date) : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = parse(value);
  return date ? dateTimeFmt.format(date) : value;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const labels = {
  type: {
    open: 'Open community',
    membership: 'Membership community',
    internal: 'Internal community',
    product: 'Product community',
    local: 'Local community',
  } as Record<string, string>,
  visibility: { public: 'Public', private: 'Private' } as Record<string, string>,
  joining: { open: 'Anyone can join', request: 'Join by request', invitation: 'By invitation' } as Record<
    string,
    string
  >,
  role: { member: 'Member', core: 'Core group', coordinator: 'Coordinator' } as Record<string, string>,
  /** A role inside a sentence: "You are …", "Ana is now …". */
  roleInSentence: { member: 'a member', core: 'in the core group', coordinator: 'a coordinator' } as Record<
    string,
    string
  >,
  format: { read: 'Read', watch: 'Watch', listen: 'Listen', discuss: 'Discuss', do: 'Do' } as Record<string, string>,
};

const relativeFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Infinity],
];

/** "just now", "5 min ago", "yesterday", "3 wk ago"; past or future. */
export function formatRelative(value: string | null | undefined, now: number = Date.now()): string {
  if (!value) return '';
  const date = parse(value);
  if (!date) return value;
  let amount = (date.getTime() - now) / 1000;
  if (Math.abs(amount) < 45) return 'just now';
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return relativeFmt.format(Math.round(amount), unit);
    amount /= size;
  }
  return formatDate(value);
}

/** A length of time for people: "40 s", "12 min", "3 h 5 min", "2 days". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest && hours < 10 ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.round(hours / 24);
  return plural(days, 'day');
}
