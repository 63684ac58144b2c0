import { Anchor, Avatar, Badge, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconBell, IconBellOff, IconClock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import type { Member, MyFollows } from '../../../common/api-types';
import { api, keys } from '../../api';
import { formatDate, labels } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { ErrorState, Loading } from '../../ui/PageState';
import { RoleBadge, StatusBadge } from '../../ui/StatusBadge';
import { initials } from '../../ui/UserMenu';
import { useCurrentUser } from '../auth/session';
import { useCommunityContext } from '../communities/CommunityLayout';
import { useFollows } from '../conversations/follows';
import { ProfileForm } from './ProfileForm';

export function MemberProfilePage() {
  const { userId = '' } = useParams();
  const community = useCommunityContext();
  const { data, error, isPending, refetch } = useQuery({
    queryKey: keys.member(community.slug, userId),
    queryFn: () => api.member(community.slug, userId),
  });

  return (
    <Stack gap="md">
      {community.abilities.viewMembers && (
        <Anchor component={Link} to={`/c/${community.slug}/members`} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} aria-hidden /> All members
          </Group>
        </Anchor>
      )}
      {isPending ? (
        <Loading label="Loading profile" />
      ) : error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: data.abilities.editProfile ? 5 : 8 }}>
            <ProfileCard member={data} action={<FollowMemberButton slug={community.slug} member={data} />} />
          </Grid.Col>
          {data.abilities.editProfile && (
            <Grid.Col span={{ base: 12, md: 7 }}>
              <ProfileForm slug={community.slug} member={data} />
            </Grid.Col>
          )}
        </Grid>
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function Tags({ items, color }: { items: string[]; color: string }) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Not shared yet
      </Text>
    );
  return (
    <Group gap={6}>
      {items.map((i) => (
        <Badge key={i} color={color} tt="none" fw={500}>
          {i}
        </Badge>
      ))}
    </Group>
  );
}

/**
 * Follow a member to hear about their new posts here. Not on one's own profile, and only for
 * people who may follow things in this community (the follows list loads for them alone).
 */
function FollowMemberButton({ slug, member }: { slug: string; member: Member }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const self = user?.id === member.userId;
  const follows = useFollows(slug, !self);
  const toggle = useMutation({
    mutationFn: (on: boolean) => api.followMember(slug, member.userId, on),
    onSuccess: ({ following }) => {
      queryClient.setQueryData<MyFollows>(keys.follows(slug), (old) => {
        if (!old) return old;
        const others = old.members.filter((p) => p.id !== member.userId);
        const person = { id: member.userId, name: member.name, handle: member.handle };
        return { ...old, members: following ? [...others, person] : others };
      });
      notifySuccess(
        following ? `You will hear when ${member.name} starts a conversation.` : `You no longer follow ${member.name}.`,
      );
    },
    onError: notifyError,
  });
  if (!user || self || !follows.data) return null;
  const following = follows.data.members.some((p) => p.id === member.userId);
  return (
    <Button
      variant={following ? 'light' : 'default'}
      leftSection={following ? <IconBellOff size={16} aria-hidden /> : <IconBell size={16} aria-hidden />}
      loading={toggle.isPending}
      onClick={() => toggle.mutate(!following)}
      aria-label={`${following ? 'Unfollow' : 'Follow'} ${member.name}`}
      style={{ alignSelf: 'flex-start' }}
    >
      {following ? 'Unfollow' : 'Follow'}
    </Button>
  );
}

function ProfileCard({ member, action }: { member: Member; action?: ReactNode }) {
  return (
    <Card component="section" aria-labelledby="profile-name">
      <Stack gap="lg">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <Avatar size={64} radius="xl" color="indigo" aria-hidden>
            {initials(member.name)}
          </Avatar>
          <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
            <Title order={2} size="h3" id="profile-name" style={{ overflowWrap: 'anywhere' }}>
              {member.name}
            </Title>
            <Group gap={6}>
              <RoleBadge role={member.role} />
              <StatusBadge status={member.status} breakUntil={member.breakUntil} />
            </Group>
            {action}
          </Stack>
        </Group>
        <Field label="About">
          <Text style={{ whiteSpace: 'pre-line' }} c={member.bio ? undefined : 'dimmed'}>
            {member.bio || 'No bio yet.'}
          </Text>
        </Field>
        <Field label="Expertise">
          <Tags items={member.expertise} color="indigo" />
        </Field>
        <Field label="Interests">
          <Tags items={member.interests} color="lagoon" />
        </Field>
        <Field label="Learns best by">
          <Tags items={member.learningFormats.map((f) => labels.format[f])} color="gray" />
        </Field>
        <Group gap="lg">
          {member.timeZone && (
            <Group gap={6}>
              <IconClock size={16} aria-hidden />
              <Text size="sm">{member.timeZone}</Text>
            </Group>
          )}
          <Text size="sm" c="dimmed">
            Member since {formatDate(member.joinedAt)}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}

export function OwnProfileRedirect() {
  const user = useCurrentUser();
  const community = useCommunityContext();
  if (!user) return <Navigate to={`/signin?next=${encodeURIComponent(`/c/${community.slug}/profile`)}`} replace />;
  return <Navigate to={`/c/${community.slug}/members/${user.id}`} replace />;
}
