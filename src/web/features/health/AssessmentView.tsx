import { Box, Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import type { AssessmentArea, AssessmentDetail } from '../../../common/api-types';
import { formatDate } from '../../ui/format';
import { areaLabels, Delta, HeadlineTiles, Section, StageBadge, StageDescription, stageName } from './AssessmentParts';

/** One quarter's assessment: its stage, the change since the one before, the answers and the figures. */
export function AssessmentView({ detail }: { detail: AssessmentDetail }) {
  const { assessment: a, change, previous, questions, stages } = detail;
  const info = stages.find((s) => s.id === a.stage);
  const answerDelta = new Map(change?.answers.map((x) => [x.id, x]));
  const byArea = (area: AssessmentArea) => questions.filter((q) => q.area === area && a.answers[q.id]);

  return (
    <Stack gap="lg">
      <Section
        title="Stage"
        description={`Saved ${formatDate(a.updatedAt)}${a.createdBy ? ` · first written by ${a.createdBy.name}` : ''}`}
      >
        <Group gap="sm" wrap="wrap">
          {change && change.stage.from !== change.stage.to && (
            <>
              <StageBadge stage={change.stage.from} stages={stages} />
              <IconArrowRight size={16} aria-label="to" />
            </>
          )}
          <StageBadge stage={a.stage} stages={stages} size="lg" />
          <Text size="sm" c="dark.5">
            {change
              ? change.stage.direction === 'same'
                ? `The same as in ${change.previousQuarter}.`
                : `${change.stage.direction === 'up' ? 'Up' : 'Down'} from ${stageName(stages, change.stage.from)} in ${change.previousQuarter}.`
              : 'The first assessment.'}
          </Text>
        </Group>
        {info && <StageDescription info={info} />}
        <Box>
          <Text size="sm" fw={600}>
            {a.stage === a.proposedStage
              ? 'The figures proposed this stage:'
              : `The figures proposed ${stageName(stages, a.proposedStage)}:`}
          </Text>
          <Box component="ul" m={0} pl="lg">
            {a.reasons.map((r) => (
              <Text component="li" size="sm" c="dark.5" key={r}>
                {r}
              </Text>
            ))}
          </Box>
        </Box>
        {a.notes && (
          <Box>
            <Text size="sm" fw={600}>
              Notes
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {a.notes}
            </Text>
          </Box>
        )}
      </Section>

      <Section
        title={change ? `Figures, against ${change.previousQuarter}` : 'Figures'}
        description="As they stood when the assessment was saved."
      >
        <HeadlineTiles figures={a.headline} change={change} label={`Figures for ${a.quarter}`} />
      </Section>

      {change && previous && (
        <Section title="Answers, against last time" description={`Each score in ${previous.quarter} and now.`}>
          <Box style={{ overflowX: 'auto' }}>
            <Table verticalSpacing="xs" striped aria-label="Scores against last time">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Question</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {previous.quarter}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {a.quarter}
                  </Table.Th>
                  <Table.Th scope="col">Change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {change.answers.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Th scope="row" fw={400}>
                      <Text size="sm">{questions.find((q) => q.id === x.id)?.prompt ?? x.id}</Text>
                    </Table.Th>
                    <Table.Td ta="right">{x.from ?? '–'}</Table.Td>
                    <Table.Td ta="right">{x.to ?? '–'}</Table.Td>
                    <Table.Td>
                      <Delta delta={x.delta} unit="count" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        </Section>
      )}

      {(['domain', 'community', 'practice'] as const).map((area) => (
        <Section key={area} title={areaLabels[area].title} description={areaLabels[area].about}>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
            {byArea(area).map((q) => {
              const answer = a.answers[q.id]!;
              const d = answerDelta.get(q.id);
              return (
                <Stack key={q.id} gap={6} component="article" aria-label={q.prompt}>
                  <Text size="sm" fw={600}>
                    {q.prompt}
                  </Text>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={answer.score * 20}
                      color="lagoon"
                      style={{ flex: 1 }}
                      aria-label={`Score ${answer.score} of 5`}
                    />
                    <Text size="sm" fw={700} className="cp-count">
                      {answer.score} / 5
                    </Text>
                  </Group>
                  {d && d.delta !== null && <Delta delta={d.delta} unit="count" />}
                  {answer.comment && (
                    <Text size="sm" c="dark.5" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {answer.comment}
                    </Text>
                  )}
                </Stack>
              );
            })}
          </SimpleGrid>
        </Section>
      ))}
    </Stack>
  );
}
