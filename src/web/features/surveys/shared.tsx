import { Badge } from '@mantine/core';
import type { SurveyQuestionKind, SurveyStatus } from '../../../common/api-types';

/** What each kind of question is called where coordinators pick one. */
export const KIND_LABELS: Record<SurveyQuestionKind, string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  scale5: 'Scale 1–5',
  scale10: 'Scale 0–10',
  text: 'Text',
};

export const KIND_HINTS: Record<SurveyQuestionKind, string> = {
  single: 'Members pick one option.',
  multiple: 'Members tick any number of options.',
  scale5: 'Members pick a number from 1 (lowest) to 5 (highest).',
  scale10: 'Members pick a number from 0 (not at all likely) to 10 (extremely likely): the recommend question.',
  text: 'Members answer in their own words, up to 2,000 characters.',
};

export const SURVEY_KINDS = Object.keys(KIND_LABELS) as SurveyQuestionKind[];

export const isChoice = (kind: SurveyQuestionKind) => kind === 'single' || kind === 'multiple';

export function SurveyStatusBadge({ status }: { status: SurveyStatus }) {
  switch (status) {
    case 'draft':
      return (
        <Badge component="span" color="gray" variant="outline">
          Draft
        </Badge>
      );
    case 'open':
      return (
        <Badge component="span" color="lagoon">
          Open
        </Badge>
      );
    default:
      return (
        <Badge component="span" color="dark" variant="light">
          Closed
        </Badge>
      );
  }
}

/** The plain words of what an anonymous survey promises, shown where coordinators choose and members answer. */
export const ANONYMOUS_PROMISE =
  'Answers are stored without any link to the member who gave them, and results never show names. We still note who has answered, so that each member answers once.';
