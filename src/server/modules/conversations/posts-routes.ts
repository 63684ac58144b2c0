import { createRouter, noContent, route, send } from '../../platform/http.js';
import { SlugParam } from '../communities/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

const tag = 'Conversations';
const posts = '/communities/{slug}/posts';
const one = `${posts}/{postId}`;

export function postRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: posts,
      tag,
      summary: 'The community’s posts: latest, active, or unanswered questions (oldest first)',
      params: SlugParam,
      query: s.FeedQuery,
      response: s.FeedPage,
    }),
    async (c) =>
      send(c, await service.feed(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('query'))),
  );

  r.openapi(
    route({
      method: 'post',
      path: posts,
      tag,
      summary: 'Start a post',
      params: SlugParam,
      body: s.PostInput,
      response: s.PostDetailSchema,
      status: 201,
    }),
    async (c) =>
      send(
        c,
        await service.createPost(c.get('deps'), c.get('actor'), c.req.valid('param').slug, c.req.valid('json')),
        201,
      ),
  );

  r.openapi(
    route({ method: 'get', path: one, tag, summary: 'One post', params: s.PostParams, response: s.PostDetailSchema }),
    async (c) => {
      const { slug, postId } = c.req.valid('param');
      return send(c, await service.getPost(c.get('deps'), c.get('actor'), slug, postId));
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: one,
      tag,
      summary: 'Edit a post (keeps the earlier version)',
      params: s.PostParams,
      body: s.PostPatch,
      response: s.PostDetailSchema,
    }),
    async (c) => {
      const { slug, postId } = c.req.valid('param');
      return send(c, await service.updatePost(c.get('deps'), c.get('actor'), slug, postId, c.req.valid('json')));
    },
  );

  r.openapi(route({ method: 'delete', path: one, tag, summary: 'Delete a post', params: s.PostParams }), async (c) => {
    const { slug, postId } = c.req.valid('param');
    await service.deletePost(c.get('deps'), c.get('actor'), slug, postId);
    return noContent(c);
  });

  r.openapi(
    route({
      method: 'get',
      path: `${one}/revisions`,
      tag,
      summary: 'Earlier versions of a post, oldest first',
      params: s.PostParams,
      response: s.RevisionList,
    }),
    async (c) => {
      const { slug, postId } = c.req.valid('param');
      return send(c, await service.postRevisions(c.get('deps'), c.get('actor'), slug, postId));
    },
  );

  r.openapi(
    route({
      method: 'put',
      path: `${one}/accepted`,
      tag,
      summary: 'Accept a reply as the answer',
      params: s.PostParams,
      body: s.AcceptInput,
      response: s.PostDetailSchema,
    }),
    async (c) => {
      const { slug, postId } = c.req.valid('param');
      const { replyId } = c.req.valid('json');
      return send(c, await service.accept(c.get('deps'), c.get('actor'), slug, postId, replyId));
    },
  );

  r.openapi(
    route({
      method: 'delete',
      path: `${one}/accepted`,
      tag,
      summary: 'Take back the accepted answer',
      params: s.PostParams,
      response: s.PostDetailSchema,
    }),
    async (c) => {
      const { slug, postId } = c.req.valid('param');
      return send(c, await service.unaccept(c.get('deps'), c.get('actor'), slug, postId));
    },
  );

  for (const method of ['put', 'delete'] as const) {
    r.openapi(
      route({
        method,
        path: `${one}/reactions/{kind}`,
        tag,
        summary: method === 'put' ? 'React to a post' : 'Take back a reaction to a post',
        params: s.PostReactionParams,
        response: s.ReactionsEnvelope,
      }),
      async (c) => {
        const { kind, ...target } = c.req.valid('param');
        return send(c, await service.react(c.get('deps'), c.get('actor'), target, kind, method === 'put'));
      },
    );
  }

  r.openapi(
    route({
      method: 'get',
      path: '/communities/{slug}/tags',
      tag,
      summary: 'Tags: the community’s topics first, with post counts',
      params: SlugParam,
      response: s.TagList,
    }),
    async (c) => send(c, await service.tags(c.get('deps'), c.get('actor'), c.req.valid('param').slug)),
  );

  r.openapi(
    route({
      method: 'get',
      path: '/feed',
      tag,
      summary: 'Posts from every community I belong to',
      query: s.HomeFeedQuery,
      response: s.FeedPage,
    }),
    async (c) => send(c, await service.homeFeed(c.get('deps'), c.get('actor'), c.req.valid('query'))),
  );

  return r;
}
