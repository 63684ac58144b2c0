import { createRouter, noContent, route, send, sendJsonText } from '../../platform/http.js';
import * as replies from './replies-service.js';
import * as s from './schema.js';
import { react } from './service.js';

const tag = 'Conversations';
const list = '/communities/{slug}/posts/{postId}/replies';
const one = `${list}/{replyId}`;

export function replyRoutes() {
  const r = createRouter();

  r.openapi(
    route({
      method: 'get',
      path: list,
      tag,
      summary: 'Replies to a post, in the order they were written',
      params: s.PostParams,
      query: s.ReplyQuery,
      response: s.ReplyPage,
    }),
    async (c) => {
      const { slug, postId } = c.req.valid('param');
      return sendJsonText(c, await replies.list(c.get('deps'), c.get('actor'), slug, postId, c.req.valid('query')));
    },
  );

  r.openapi(
    route({
      method: 'post',
      path: list,
      tag,
      summary: 'Reply to a post, or to one of its replies',
      params: s.PostParams,
      body: s.ReplyInput,
      response: s.ReplySchema,
      status: 201,
    }),
    async (c) => {
      const { slug, postId } = c.req.valid('param');
      return send(c, await replies.create(c.get('deps'), c.get('actor'), slug, postId, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    route({
      method: 'patch',
      path: one,
      tag,
      summary: 'Edit a reply (keeps the earlier version)',
      params: s.ReplyParams,
      body: s.ReplyPatch,
      response: s.ReplySchema,
    }),
    async (c) => {
      const { slug, postId, replyId } = c.req.valid('param');
      return send(c, await replies.update(c.get('deps'), c.get('actor'), slug, postId, replyId, c.req.valid('json')));
    },
  );

  r.openapi(
    route({ method: 'delete', path: one, tag, summary: 'Delete a reply', params: s.ReplyParams }),
    async (c) => {
      const { slug, postId, replyId } = c.req.valid('param');
      await replies.remove(c.get('deps'), c.get('actor'), slug, postId, replyId);
      return noContent(c);
    },
  );

  r.openapi(
    route({
      method: 'get',
      path: `${one}/revisions`,
      tag,
      summary: 'Earlier versions of a reply, oldest first',
      params: s.ReplyParams,
      response: s.RevisionList,
    }),
    async (c) => {
      const { slug, postId, replyId } = c.req.valid('param');
      return send(c, await replies.revisions(c.get('deps'), c.get('actor'), slug, postId, replyId));
    },
  );

  for (const method of ['put', 'delete'] as const) {
    r.openapi(
      route({
        method,
        path: `${one}/reactions/{kind}`,
        tag,
        summary: method === 'put' ? 'React to a reply' : 'Take back a reaction to a reply',
        params: s.ReplyReactionParams,
        response: s.ReactionsEnvelope,
      }),
      async (c) => {
        const { kind, ...target } = c.req.valid('param');
        return send(c, await react(c.get('deps'), c.get('actor'), target, kind, method === 'put'));
      },
    );
  }

  return r;
}
