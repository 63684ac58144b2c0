import { Tabs } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';
import { useCommunityContext } from '../communities/CommunityLayout';

/** The health section's own tabs: the dashboard, the weekly check, assessments and reports. */
export function HealthTabs() {
  const community = useCommunityContext();
  const navigate = useNavigate();
  const location = useLocation();
  const base = `/c/${community.slug}/health`;
  const tabs = [
    { value: base, label: 'Dashboard', show: true },
    { value: `${base}/check`, label: 'Health check', show: true },
    { value: `${base}/assessments`, label: 'Assessments', show: true },
    { value: `${base}/report`, label: 'Sponsor report', show: community.abilities.steerHealth },
  ].filter((t) => t.show);
  const current =
    [...tabs].reverse().find((t) => location.pathname === t.value || location.pathname.startsWith(`${t.value}/`))
      ?.value ?? base;
  return (
    <Tabs
      value={current}
      onChange={(v) => v && void navigate(v)}
      mb="lg"
      aria-label="Community health"
      keepMounted={false}
    >
      <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
        {tabs.map((t) => (
          <Tabs.Tab key={t.value} value={t.value}>
            {t.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
