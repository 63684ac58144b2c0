import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Loading } from '../../ui/PageState';
import { useCommunityContext } from '../communities/CommunityLayout';
import { HealthTabs } from '../health/HealthTabs';
import { reportApi, reportFileUrl, reportKeys, type ReportPeriod } from './ReportApi';
import { periodProblems, presetPeriod, ReportPeriodPicker, type Preset } from './ReportPeriodPicker';
import { ReportPreview } from './ReportPreview';

const dayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDay = (day: string) => dayFmt.format(new Date(`${day}T00:00:00Z`));

/**
 * The sponsor report: pick a period, look over its figures, download it as a PDF to send or as a
 * CSV for a spreadsheet. Aggregates only — no names and nothing anyone wrote.
 */
export function SponsorReportPage() {
  const community = useCommunityContext();
  useDocumentTitle(`Sponsor report · ${community.name}`);
  const [preset, setPreset] = useState<Preset>('quarter');
  const [period, setPeriod] = useState<ReportPeriod>(() => presetPeriod('quarter'));
  const valid = Object.keys(periodProblems(period)).length === 0;
  const slug = community.slug;
  const report = useQuery({
    queryKey: reportKeys.one(slug, period),
    queryFn: () => reportApi.get(slug, period),
    enabled: valid && community.abilities.steerHealth,
    placeholderData: keepPreviousData,
  });

  if (!community.abilities.steerHealth) return <NotFound />;

  const download = (format: 'pdf' | 'csv') =>
    valid ? { component: 'a' as const, href: reportFileUrl(slug, period, format), download: true } : { disabled: true };

  return (
    <>
      <HealthTabs />
      <PageHeader
        order={2}
        title="Sponsor report"
        description="What the community achieved over a period, for the people who support it: size and growth, engagement, outcomes, health and survey highlights. Aggregate figures only."
      />
      <Card mb="lg" component="section" aria-label="Report period and downloads">
        <Stack gap="md">
          <ReportPeriodPicker
            preset={preset}
            period={period}
            onChange={(nextPreset, nextPeriod) => {
              setPreset(nextPreset);
              setPeriod(nextPeriod);
            }}
          />
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm" c="dark.5" aria-live="polite">
              {valid ? `${longDay(period.from)} to ${longDay(period.to)}` : 'Choose a valid period to see the report.'}
            </Text>
            <Group gap="sm">
              <Button leftSection={<IconFileTypePdf size={16} aria-hidden />} {...download('pdf')}>
                Download PDF
              </Button>
              <Button
                variant="default"
                leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
                {...download('csv')}
              >
                Download CSV
              </Button>
            </Group>
          </Group>
        </Stack>
      </Card>
      {!valid ? null : report.isPending ? (
        <Loading label="Preparing the report" />
      ) : report.error ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <div style={{ opacity: report.isPlaceholderData ? 0.6 : 1 }} aria-busy={report.isFetching}>
          <ReportPreview report={report.data} />
        </div>
      )}
    </>
  );
}
