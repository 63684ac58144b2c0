import { Container, Stack } from '@mantine/core';
import { PageHeader } from '../../ui/PageHeader';
import { useCurrentUser } from '../auth/session';
import { CalendarFeedSection } from './CalendarFeedSection';
import { MailPreferencesSection } from './MailPreferencesSection';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';
import { TokensSection } from './TokensSection';

export function AccountPage() {
  const user = useCurrentUser();
  if (!user) return null;
  return (
    <Container size="md" py="xl">
      <PageHeader title="Account settings" description="Your sign-in details, mail, devices and API access." />
      <Stack gap="lg">
        <ProfileSection user={user} />
        <PasswordSection />
        <MailPreferencesSection />
        <SessionsSection />
        <TokensSection />
        <CalendarFeedSection />
      </Stack>
    </Container>
  );
}
