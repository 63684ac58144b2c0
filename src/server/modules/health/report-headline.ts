import type { HeadlineFigure, HealthFigures } from '../../../common/api-types.js';
import { signalsOf } from './stages.js';

/**
 * The few figures that sum up a community's health for a period: what the sponsor report
 * shows and what an assessment compares with the last one. Numbers only, never names.
 */
export function headlineFigures(f: HealthFigures): HeadlineFigure[] {
  const s = signalsOf(f);
  const q = f.questions;
  const events = f.events;
  const fig = (
    key: string,
    label: string,
    value: number | null | undefined,
    unit: HeadlineFigure['unit'],
    higherIsBetter = true,
  ): HeadlineFigure => ({ key, label, value: value ?? null, unit, higherIsBetter });
  return [
    fig('members', 'Members', s.members, 'count'),
    fig('joined', 'Joined in the period', f.members?.joined, 'count'),
    fig('contributingShare', 'Members contributing', s.contributingShare, 'share'),
    fig('weeklyActive', 'Active in a typical week', s.weeklyActive, 'count'),
    fig(
      'activationRate',
      'Newcomers activated within 30 days',
      f.activation?.cohort ? f.activation.rate : null,
      'share',
    ),
    fig('answeredShare', 'Questions answered', q?.asked ? q.answered / q.asked : null, 'share'),
    fig('medianFirstReplyHours', 'Median time to a first reply', q?.medianFirstReplyHours, 'hours', false),
    fig('acceptedAnswers', 'Accepted answers', s.acceptedAnswers, 'count'),
    fig('resources', 'Resources published', s.resources, 'count'),
    fig('eventsHeld', 'Events held', s.eventsHeld, 'count'),
    fig('attendanceRate', 'Attendance of those who said yes', events?.rsvps ? events.attendanceRate : null, 'share'),
    fig(
      'top10Share',
      'Contributions by the top 10%',
      f.concentration?.contributors ? f.concentration.top10Share : null,
      'share',
      false,
    ),
    fig('reused', 'Repertoire resources reused', s.reused, 'count'),
  ];
}

/** A figure as people read it: "42", "35%", "6.5 h", or a dash when there was nothing to measure. */
export function formatFigure(value: number | null, unit: HeadlineFigure['unit']): string {
  if (value === null) return '–';
  if (unit === 'share') return `${Math.round(value * 100)}%`;
  if (unit === 'hours') return `${value < 10 ? value.toFixed(1) : Math.round(value)} h`;
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(1);
}
