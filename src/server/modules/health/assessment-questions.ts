import type { AssessmentQuestion } from '../../../common/api-types.js';

/**
 * The guided questions of the quarterly assessment, three for each element of a community of
 * practice (Wenger, McDermott & Snyder 2002): the domain it cares about, the community of people
 * and the practice they share. The figures say what happened; these ask what the coordinator
 * sees that figures cannot, so each question looks at something no dashboard counts.
 *
 * Ids are stored in saved assessments: never rename one. A question retired later stays
 * readable in old assessments; add new ones at the end of their area.
 */
export const assessmentQuestions: AssessmentQuestion[] = [
  {
    id: 'domain_clarity',
    area: 'domain',
    prompt: 'How clearly do members share a sense of what this community is about?',
    help: 'Could a newcomer tell what belongs here after a week? Do conversations stay within the domain, or drift?',
    low: 'Nobody could say',
    high: 'Everyone would say it in similar words',
  },
  {
    id: 'domain_relevance',
    area: 'domain',
    prompt: 'How much does the domain matter to members’ work right now?',
    help: 'Think of the questions people bring: are they about problems they face this month, or about things they might need some day?',
    low: 'A side interest',
    high: 'Central to what they do',
  },
  {
    id: 'domain_recognition',
    area: 'domain',
    prompt: 'How well do the sponsor and members’ organisations recognise the community’s value?',
    help: 'Do managers give people time for it? Does the sponsor ask for its advice or mention its results?',
    low: 'Unknown or tolerated',
    high: 'Valued and relied on',
  },
  {
    id: 'community_trust',
    area: 'community',
    prompt: 'How safe do members feel asking for help in the open?',
    help: 'Are beginners’ questions asked in public? Do people admit mistakes and share work in progress?',
    low: 'Questions come to me in private',
    high: 'Anyone asks anything, openly',
  },
  {
    id: 'community_relationships',
    area: 'community',
    prompt: 'How well do members know each other, beyond knowing the coordinators?',
    help: 'When someone has a problem, do they know whom to ask? Do members meet or write to each other directly?',
    low: 'They know only us',
    high: 'A web of relationships',
  },
  {
    id: 'community_leadership',
    area: 'community',
    prompt: 'How widely is the work of leading the community shared?',
    help: 'Hosting, curating, welcoming newcomers, answering: done by several people, or by the coordinator alone?',
    low: 'I do nearly everything',
    high: 'Many lead, in turn',
  },
  {
    id: 'practice_sharing',
    area: 'practice',
    prompt: 'How regularly do members share how they work: tools, methods, stories, failures?',
    help: 'Think of show-and-tells, write-ups and answers that explain how, not only what.',
    low: 'Rarely',
    high: 'As a habit',
  },
  {
    id: 'practice_repertoire',
    area: 'practice',
    prompt: 'How useful and current is the community’s shared repertoire?',
    help: 'Would a member look there first? Is outdated material reviewed or retired?',
    low: 'Thin or out of date',
    high: 'The first place people look',
  },
  {
    id: 'practice_change',
    area: 'practice',
    prompt: 'How often does something learned here change how members work?',
    help: 'Stories of a method adopted, a mistake avoided, a tool reused in another team.',
    low: 'We hear of none',
    high: 'We hear of it every month',
  },
];

export const questionIds = assessmentQuestions.map((q) => q.id);
