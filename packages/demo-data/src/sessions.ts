import { addDays } from './dates.ts';

/** Past sessions of the comité spécial, every two weeks back from today (days from today). */
export const SESSION_OFFSETS = [-84, -70, -56, -42, -28, -14, 0] as const;

/** The session that approved an engagement starting on `start`: the last one before it (today's for today). */
export const engagementSessionFor = (today: string, start: string): string => {
  const days = SESSION_OFFSETS.map((o) => addDays(today, o));
  const before = days.filter((d) => (start === today ? d <= start : d < start));
  return before.at(-1) ?? days[0] ?? today;
};
