import { createRouter, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './schema.js';
import * as service from './service.js';
import { notificationStream, streamRoute } from './stream.js';

const tag = 'Notifications';
const follows = '/communities/{slug}/follows';

export function notificationRoutes() {
  const r = createRouter();

  for (const [method, on] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    const verb = on ? 'Follow' : 'Unfollow';
    r.openapi(
      route({
        method,
        path: '/communities/{slug}/posts/{postId}/follow',
        tag,
        summary: `${verb} a post`,
        params: s.PostParams,
        response: s.FollowState,
      }),
      async (c) => {
        const { slug, postId } = c.req.valid('param');
        return send(c, await service.followPost(c.get('deps'), c.get('actor'), slug, postId, on));
      },
    );
    r.openapi(
      route({
        method,
        path: `${follows}/tags/{tag}`,
        tag,
        summary: `${verb} a tag`,
        params: s.TagParams,
        response: s.FollowState,
      }),
      async (c) => {
        const { slug, tag } = c.req.valid('param');
        return send(c, await service.followTag(c.get('deps'), c.get('actor'), slug, tag, on));
      },
    );
    r.openapi(
      route({
        method,
        path: `${follows}/members/{userId}`,
        tag,
        summary: `${verb} a member`,
        params: s.MemberParams,
        response: s.FollowState,
      }),
      async (c) => {
        const { slug, userId } = c.req.valid('param');
        return send(c, await service.followMember(c.get('deps'), c.get('actor'), slug, userId, on));
      },
    );
  }

  r.openapi(
    route({
      method: 'get',
      path: follows,
      tag,
      summary: 'What I follow in this community',
      params: SlugParam,
      response: s.MyFollows,
    }),
    async (c) => send(c, await service.myFollows(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/mentionable',
      tag,
      summary: 'Members to @mention, by handle or name prefix',
      params: SlugParam,
      query: s.MentionableQuery,
      response: s.PersonList,
    }),
    async (c) =>
      send(
        c,
        await service.mentionable(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('query').q),
      ),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/notifications',
      tag,
      summary: 'My notifications, newest first',
      query: s.NotificationQuery,
      response: s.NotificationPage,
    }),
    async (c) => send(c, await service.list(c.get('deps'), c.get('actor'), c.req.valid('query'))),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/notifications/unread-count',
      tag,
      summary: 'How many notifications I have not read',
      response: s.UnreadCount,
    }),
    async (c) => send(c, await service.unreadCount(c.get('deps'), c.get('actor'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/notifications/{id}/read',
      tag,
      summary: 'Mark one notification read',
      params: s.NotificationParams,
      response: s.UnreadCount,
    }),
    async (c) => send(c, await service.markRead(c.get('deps'), c.get('actor'), c.req.valid('param').id)),
  );

  r.openapi(
    route({
      method: 'post',
      path: '/notifications/read-all',
      tag,
      summary: 'Mark all my notifications read',
      response: s.UnreadCount,
    }),
    async (c) => send(c, await service.markAllRead(c.get('deps'), c.get('actor'))),
  );

  r.openapi(streamRoute, (c) => notificationStream(c) as never);

  return r;
}
