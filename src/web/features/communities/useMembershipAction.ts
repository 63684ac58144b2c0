import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, keys } from '../../api';
import { notifySuccess } from '../../ui/notify';

export type MembershipAction =
  { kind: 'join'; message?: string } | { kind: 'leave' } | { kind: 'break'; until?: string } | { kind: 'return' };

const SUCCESS: Record<MembershipAction['kind'], string> = {
  join: 'Membership updated.',
  leave: 'You have left the community. Your contributions stay, credited to you.',
  break: 'Enjoy your break. The community will be here when you are back.',
  return: 'Welcome back!',
};

function run(slug: string, action: MembershipAction) {
  switch (action.kind) {
    case 'join':
      return api.join(slug, action.message);
    case 'leave':
      return api.leave(slug);
    case 'break':
      return api.takeBreak(slug, action.until);
    case 'return':
      return api.returnFromBreak(slug);
  }
}

export function useMembershipAction(slug: string, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: MembershipAction) => run(slug, action),
    onSuccess: async ({ membership }, action) => {
      const message =
        action.kind === 'join'
          ? membership.status === 'pending'
            ? 'Request sent. A coordinator will review it soon.'
            : 'Welcome! You are now a member.'
          : SUCCESS[action.kind];
      notifySuccess(message);
      onDone();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.community(slug) }),
        queryClient.invalidateQueries({ queryKey: keys.communities() }),
      ]);
    },
  });
}

export type MembershipActionMutation = ReturnType<typeof useMembershipAction>;
