import type {
  AdminUser,
  CollectionDetail,
  CollectionInput,
  CollectionPatch,
  CollectionSummary,
  ImportEvent,
  ImportPreview,
  ImportRequest,
  ImportResult,
  InstanceSettings,
  LinkPreview,
  PathProgress,
  RepertoireOverview,
  ResourceDetail,
  ResourceDiff,
  ResourceDraft,
  ResourceFilters,
  ResourceInput,
  ResourceNote,
  ResourcePage,
  ResourcePatch,
  ResourceRevision,
  ResourceSnapshot,
  NoteVisibility,
  ApiErrorBody,
  ApiToken,
  CanvasInput,
  CommunityDetail,
  CommunitySummary,
  Invitation,
  InvitationPreview,
  Items,
  JoinRequest,
  Me,
  Member,
  MemberFilters,
  MyFollows,
  NotificationPage,
  Person,
  PostDetail,
  PostFilters,
  PostInput,
  PostPage,
  PostPatch,
  ReactionCount,
  ReactionKind,
  Reply,
  ReplyPage,
  ResourceSummary,
  Revision,
  SearchPage,
  SearchParams,
  TagList,
  UnreadCount,
  MemberPage,
  Membership,
  OutboxItem,
  OutboxMail,
  ProfileInput,
  Role,
  Session,
  User,
} from '../common/api-types';

const BASE = '/api/v1';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field?: string;
  readonly retryAfter?: number;
  /** More about the error, e.g. the rows an import refused. */
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, field?: string, retryAfter?: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

function readCsrfCookie(): string {
  const match = document.cookie.split('; ').find((part) => part.startsWith('cp_csrf='));
  return match ? decodeURIComponent(match.slice('cp_csrf='.length)) : '';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = readCsrfCookie() || csrfToken;

  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = (data as ApiErrorBody | null)?.error;
    const retry = Number(response.headers.get('Retry-After'));
    throw new ApiError(
      response.status,
      err?.code ?? 'http_error',
      err?.message ?? `The server answered ${response.status}.`,
      err?.field,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
      err?.details,
    );
  }
  return data as T;
}

/**
 * Sends a request whose answer is a stream of JSON lines, handing each parsed line to `onEvent`
 * as it arrives (an import reports its progress this way). An error before the stream starts is
 * thrown as an ApiError, like any other request.
 */
async function requestLines<T>(path: string, body: unknown, onEvent: (event: T) => void): Promise<void> {
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method: 'POST',
      headers: {
        Accept: 'application/x-ndjson',
        'Content-Type': 'application/json',
        'X-CSRF-Token': readCsrfCookie() || csrfToken,
      },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  if (!response.ok || !response.body) {
    let err: ApiErrorBody['error'] | undefined;
    try {
      err = ((await response.json()) as ApiErrorBody).error;
    } catch {
      err = undefined;
    }
    throw new ApiError(
      response.status,
      err?.code ?? 'http_error',
      err?.message ?? `The server answered ${response.status}.`,
      err?.field,
      undefined,
      err?.details,
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const flush = (line: string) => {
    if (line.trim()) onEvent(JSON.parse(line) as T);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      flush(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  flush(buffer);
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

const postPath = (slug: string, postId: string) => `/communities/${enc(slug)}/posts/${enc(postId)}`;
const resourcePath = (slug: string, id: string) => `/communities/${enc(slug)}/resources/${enc(id)}`;
const collectionPath = (slug: string, id: string) => `/communities/${enc(slug)}/collections/${enc(id)}`;

/** Where the browser downloads the repertoire as a file (the session cookie authenticates it). */
export const repertoireExportUrl = (slug: string, format: 'markdown' | 'csv') =>
  `${BASE}/communities/${enc(slug)}/repertoire/export?format=${format}`;

/** Where the server streams notification events (Server-Sent Events). */
export const NOTIFICATION_STREAM_URL = `${BASE}/notifications/stream`;

export const api = {
  me: async () => {
    const me = await request<Me>('GET', '/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  },
  setupAdmin: (input: { name: string; email: string; password: string }) =>
    request<{ user: User }>('POST', '/setup/admin', input),
  signUp: (input: { name: string; email: string; password: string; next?: string }) =>
    request<{ user: User } | { message: string }>('POST', '/auth/signup', input),
  signIn: (input: { email: string; password: string }) => request<{ user: User }>('POST', '/auth/signin', input),
  signOut: () => request<void>('POST', '/auth/signout'),
  requestMagicLink: (input: { email: string; next?: string }) =>
    request<{ message: string }>('POST', '/auth/magic-link', input),
  verifyMagicLink: (token: string) =>
    request<{ user: User; next: string | null }>('POST', '/auth/magic-link/verify', { token }),
  requestPasswordReset: (email: string) => request<{ message: string }>('POST', '/auth/password-reset', { email }),
  confirmPasswordReset: (input: { token: string; password: string }) =>
    request<{ user: User }>('POST', '/auth/password-reset/confirm', input),

  updateAccount: (input: { name?: string; email?: string }) => request<{ user: User }>('PATCH', '/account', input),
  changePassword: (input: { currentPassword: string; newPassword: string }) =>
    request<void>('POST', '/account/password', input),
  sessions: () => request<Items<Session>>('GET', '/account/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/account/sessions/${enc(id)}`),
  tokens: () => request<Items<ApiToken>>('GET', '/account/tokens'),
  createToken: (name: string) => request<{ token: string; item: ApiToken }>('POST', '/account/tokens', { name }),
  revokeToken: (id: string) => request<void>('DELETE', `/account/tokens/${enc(id)}`),

  communities: (filters: { q?: string; type?: string }) =>
    request<Items<CommunitySummary>>('GET', `/communities${query(filters)}`),
  createCommunity: (input: CanvasInput) => request<CommunityDetail>('POST', '/communities', input),
  community: (slug: string) => request<CommunityDetail>('GET', `/communities/${enc(slug)}`),
  updateCommunity: (slug: string, input: Partial<CanvasInput>) =>
    request<CommunityDetail>('PATCH', `/communities/${enc(slug)}`, input),
  join: (slug: string, message?: string) =>
    request<{ membership: Membership }>('POST', `/communities/${enc(slug)}/join`, message ? { message } : {}),
  leave: (slug: string) => request<{ membership: Membership }>('POST', `/communities/${enc(slug)}/leave`),
  takeBreak: (slug: string, until?: string) =>
    request<{ membership: Membership }>('POST', `/communities/${enc(slug)}/break`, until ? { until } : {}),
  returnFromBreak: (slug: string) => request<{ membership: Membership }>('POST', `/communities/${enc(slug)}/return`),

  members: (slug: string, filters: MemberFilters & { cursor?: string | null; limit?: number }) =>
    request<MemberPage>('GET', `/communities/${enc(slug)}/members${query({ ...filters })}`),
  member: (slug: string, userId: string) => request<Member>('GET', `/communities/${enc(slug)}/members/${enc(userId)}`),
  updateProfile: (slug: string, userId: string, input: ProfileInput) =>
    request<Member>('PATCH', `/communities/${enc(slug)}/members/${enc(userId)}/profile`, input),
  changeRole: (slug: string, userId: string, role: Role) =>
    request<Member>('PUT', `/communities/${enc(slug)}/members/${enc(userId)}/role`, { role }),
  removeMember: (slug: string, userId: string) =>
    request<void>('DELETE', `/communities/${enc(slug)}/members/${enc(userId)}`),

  requests: (slug: string) => request<Items<JoinRequest>>('GET', `/communities/${enc(slug)}/requests`),
  approveRequest: (slug: string, userId: string) =>
    request<Member>('POST', `/communities/${enc(slug)}/requests/${enc(userId)}/approve`),
  declineRequest: (slug: string, userId: string) =>
    request<void>('POST', `/communities/${enc(slug)}/requests/${enc(userId)}/decline`),

  invitations: (slug: string) => request<Items<Invitation>>('GET', `/communities/${enc(slug)}/invitations`),
  invite: (slug: string, input: { emails: string[]; role?: 'member' | 'core'; message?: string }) =>
    request<Items<Invitation>>('POST', `/communities/${enc(slug)}/invitations`, input),
  revokeInvitation: (slug: string, id: string) =>
    request<void>('DELETE', `/communities/${enc(slug)}/invitations/${enc(id)}`),
  invitation: (token: string) => request<InvitationPreview>('GET', `/invitations/${enc(token)}`),
  acceptInvitation: (token: string) =>
    request<{ community: { slug: string }; membership: Membership }>('POST', `/invitations/${enc(token)}/accept`),

  /** The server takes the handle with the other account details (PATCH /account). */
  updateHandle: (handle: string) => request<{ user: User }>('PATCH', '/account', { handle }),

  posts: (slug: string, filters: PostFilters & { cursor?: string | null; limit?: number }) =>
    request<PostPage>('GET', `/communities/${enc(slug)}/posts${query({ ...filters })}`),
  createPost: (slug: string, input: PostInput) => request<PostDetail>('POST', `/communities/${enc(slug)}/posts`, input),
  post: (slug: string, postId: string) => request<PostDetail>('GET', `${postPath(slug, postId)}`),
  updatePost: (slug: string, postId: string, input: PostPatch) =>
    request<PostDetail>('PATCH', postPath(slug, postId), input),
  deletePost: (slug: string, postId: string) => request<void>('DELETE', postPath(slug, postId)),
  postRevisions: (slug: string, postId: string) =>
    request<Items<Revision>>('GET', `${postPath(slug, postId)}/revisions`),
  replies: (slug: string, postId: string, page: { cursor?: string | null; limit?: number } = {}) =>
    request<ReplyPage>('GET', `${postPath(slug, postId)}/replies${query(page)}`),
  createReply: (slug: string, postId: string, input: { body: string; replyTo?: string }) =>
    request<Reply>('POST', `${postPath(slug, postId)}/replies`, input),
  updateReply: (slug: string, postId: string, replyId: string, body: string) =>
    request<Reply>('PATCH', `${postPath(slug, postId)}/replies/${enc(replyId)}`, { body }),
  deleteReply: (slug: string, postId: string, replyId: string) =>
    request<void>('DELETE', `${postPath(slug, postId)}/replies/${enc(replyId)}`),
  replyRevisions: (slug: string, postId: string, replyId: string) =>
    request<Items<Revision>>('GET', `${postPath(slug, postId)}/replies/${enc(replyId)}/revisions`),
  acceptAnswer: (slug: string, postId: string, replyId: string) =>
    request<PostDetail>('PUT', `${postPath(slug, postId)}/accepted`, { replyId }),
  unacceptAnswer: (slug: string, postId: string) => request<PostDetail>('DELETE', `${postPath(slug, postId)}/accepted`),
  reactToPost: (slug: string, postId: string, kind: ReactionKind, on: boolean) =>
    request<{ reactions: ReactionCount[] }>(on ? 'PUT' : 'DELETE', `${postPath(slug, postId)}/reactions/${kind}`),
  reactToReply: (slug: string, postId: string, replyId: string, kind: ReactionKind, on: boolean) =>
    request<{ reactions: ReactionCount[] }>(
      on ? 'PUT' : 'DELETE',
      `${postPath(slug, postId)}/replies/${enc(replyId)}/reactions/${kind}`,
    ),
  tags: (slug: string) => request<TagList>('GET', `/communities/${enc(slug)}/tags`),
  feed: (page: { sort?: 'latest' | 'active'; cursor?: string | null; limit?: number }) =>
    request<PostPage>('GET', `/feed${query(page)}`),

  followPost: (slug: string, postId: string, on: boolean) =>
    request<{ following: boolean }>(on ? 'PUT' : 'DELETE', `${postPath(slug, postId)}/follow`),
  followTag: (slug: string, tag: string, on: boolean) =>
    request<{ following: boolean }>(on ? 'PUT' : 'DELETE', `/communities/${enc(slug)}/follows/tags/${enc(tag)}`),
  followMember: (slug: string, userId: string, on: boolean) =>
    request<{ following: boolean }>(on ? 'PUT' : 'DELETE', `/communities/${enc(slug)}/follows/members/${enc(userId)}`),
  follows: (slug: string) => request<MyFollows>('GET', `/communities/${enc(slug)}/follows`),
  mentionable: (slug: string, q: string) =>
    request<Items<Person>>('GET', `/communities/${enc(slug)}/mentionable${query({ q })}`),

  notifications: (page: { cursor?: string | null; limit?: number; unread?: boolean }) =>
    request<NotificationPage>(
      'GET',
      `/notifications${query({ cursor: page.cursor, limit: page.limit, unread: page.unread ? 'true' : undefined })}`,
    ),
  unreadCount: () => request<UnreadCount>('GET', '/notifications/unread-count'),
  markNotificationRead: (id: string) => request<UnreadCount>('POST', `/notifications/${enc(id)}/read`),
  markAllNotificationsRead: () => request<UnreadCount>('POST', '/notifications/read-all'),

  search: (params: SearchParams & { offset?: number; limit?: number }) =>
    request<SearchPage>('GET', `/search${query({ ...params })}`),

  repertoire: (slug: string) => request<RepertoireOverview>('GET', `/communities/${enc(slug)}/repertoire`),
  resources: (slug: string, filters: ResourceFilters & { cursor?: string | null; limit?: number }) =>
    request<ResourcePage>('GET', `/communities/${enc(slug)}/resources${query({ ...filters })}`),
  resource: (slug: string, id: string) => request<ResourceDetail>('GET', resourcePath(slug, id)),
  resourceDraft: (slug: string, from: { postId: string; replyId?: string | null }) =>
    request<ResourceDraft>('GET', `/communities/${enc(slug)}/resources/draft${query(from)}`),
  createResource: (slug: string, input: ResourceInput) =>
    request<ResourceDetail>('POST', `/communities/${enc(slug)}/resources`, input),
  updateResource: (slug: string, id: string, patch: ResourcePatch) =>
    request<ResourceDetail>('PATCH', resourcePath(slug, id), patch),
  publishResource: (slug: string, id: string) => request<ResourceDetail>('POST', `${resourcePath(slug, id)}/publish`),
  retireResource: (slug: string, id: string) => request<ResourceDetail>('POST', `${resourcePath(slug, id)}/retire`),
  featureResource: (slug: string, id: string, on: boolean) =>
    request<ResourceDetail>(on ? 'PUT' : 'DELETE', `${resourcePath(slug, id)}/featured`),
  reviewResource: (slug: string, id: string, outcome: 'confirm' | 'obsolete') =>
    request<ResourceDetail>('POST', `${resourcePath(slug, id)}/review`, { outcome }),
  reviewQueue: (slug: string, within = 0) =>
    request<Items<ResourceSummary>>('GET', `/communities/${enc(slug)}/repertoire/review${query({ within })}`),
  resourceRevisions: (slug: string, id: string) =>
    request<Items<ResourceRevision>>('GET', `${resourcePath(slug, id)}/revisions`),
  resourceRevision: (slug: string, id: string, version: number) =>
    request<ResourceSnapshot>('GET', `${resourcePath(slug, id)}/revisions/${version}`),
  resourceDiff: (slug: string, id: string, from: number, to: number) =>
    request<ResourceDiff>('GET', `${resourcePath(slug, id)}/diff${query({ from, to })}`),
  revertResource: (slug: string, id: string, version: number) =>
    request<ResourceDetail>('POST', `${resourcePath(slug, id)}/revert`, { version }),
  resourceNotes: (slug: string, id: string) => request<Items<ResourceNote>>('GET', `${resourcePath(slug, id)}/notes`),
  createNote: (slug: string, id: string, input: { body: string; visibility: NoteVisibility }) =>
    request<ResourceNote>('POST', `${resourcePath(slug, id)}/notes`, input),
  updateNote: (slug: string, id: string, noteId: string, input: { body?: string; visibility?: NoteVisibility }) =>
    request<ResourceNote>('PATCH', `${resourcePath(slug, id)}/notes/${enc(noteId)}`, input),
  deleteNote: (slug: string, id: string, noteId: string) =>
    request<void>('DELETE', `${resourcePath(slug, id)}/notes/${enc(noteId)}`),
  linkPreview: (slug: string, url: string) =>
    request<LinkPreview>('POST', `/communities/${enc(slug)}/repertoire/link-preview`, { url }),

  collections: (slug: string) => request<Items<CollectionSummary>>('GET', `/communities/${enc(slug)}/collections`),
  collection: (slug: string, id: string) => request<CollectionDetail>('GET', collectionPath(slug, id)),
  createCollection: (slug: string, input: CollectionInput) =>
    request<CollectionDetail>('POST', `/communities/${enc(slug)}/collections`, input),
  updateCollection: (slug: string, id: string, patch: CollectionPatch) =>
    request<CollectionDetail>('PATCH', collectionPath(slug, id), patch),
  deleteCollection: (slug: string, id: string) => request<void>('DELETE', collectionPath(slug, id)),
  addToCollection: (slug: string, id: string, resourceId: string) =>
    request<unknown>('PUT', `${collectionPath(slug, id)}/items/${enc(resourceId)}`),
  removeFromCollection: (slug: string, id: string, resourceId: string) =>
    request<unknown>('DELETE', `${collectionPath(slug, id)}/items/${enc(resourceId)}`),
  markDone: (slug: string, id: string, resourceId: string, done: boolean) =>
    request<{ progress: PathProgress }>(
      done ? 'PUT' : 'DELETE',
      `${collectionPath(slug, id)}/progress/${enc(resourceId)}`,
    ),

  previewImport: (slug: string, input: ImportRequest) =>
    request<ImportPreview>('POST', `/communities/${enc(slug)}/repertoire/import/preview`, input),
  importResources: (slug: string, input: ImportRequest) =>
    request<ImportResult>('POST', `/communities/${enc(slug)}/repertoire/import`, input),
  /** The import, reporting progress line by line as the server writes the rows. */
  importResourcesStreaming: (slug: string, input: ImportRequest, onEvent: (event: ImportEvent) => void) =>
    requestLines<ImportEvent>(`/communities/${enc(slug)}/repertoire/import`, input, onEvent),

  outbox: () => request<Items<OutboxItem>>('GET', '/admin/outbox'),
  outboxMail: (id: string) => request<OutboxMail>('GET', `/admin/outbox/${enc(id)}`),
  adminUsers: (q?: string) => request<Items<AdminUser>>('GET', `/admin/users${query({ q })}`),
  disableUser: (id: string) => request<void>('POST', `/admin/users/${enc(id)}/disable`),
  enableUser: (id: string) => request<void>('POST', `/admin/users/${enc(id)}/enable`),
  instanceSettings: () => request<InstanceSettings>('GET', '/admin/settings'),
  updateInstanceSettings: (input: Partial<InstanceSettings>) =>
    request<InstanceSettings>('PATCH', '/admin/settings', input),
};

export const keys = {
  me: ['me'] as const,
  sessions: ['account', 'sessions'] as const,
  tokens: ['account', 'tokens'] as const,
  communities: (filters?: { q?: string; type?: string }) =>
    (filters ? ['communities', 'list', filters] : ['communities']) as readonly unknown[],
  community: (slug: string) => ['community', slug] as const,
  members: (slug: string, filters?: MemberFilters) =>
    (filters ? ['community', slug, 'members', 'list', filters] : ['community', slug, 'members']) as readonly unknown[],
  member: (slug: string, userId: string) => ['community', slug, 'members', 'one', userId] as const,
  requests: (slug: string) => ['community', slug, 'requests'] as const,
  invitations: (slug: string) => ['community', slug, 'invitations'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  /** Conversations live under their own root so member and community refreshes leave them alone. */
  conversations: (slug: string) => ['conversations', slug] as const,
  posts: (slug: string, filters?: PostFilters & { limit?: number }) =>
    (filters ? ['conversations', slug, 'list', filters] : ['conversations', slug, 'list']) as readonly unknown[],
  post: (slug: string, postId: string) => ['conversations', slug, 'post', postId] as const,
  replies: (slug: string, postId: string) => ['conversations', slug, 'post', postId, 'replies'] as const,
  revisions: (slug: string, postId: string, replyId?: string) =>
    ['conversations', slug, 'post', postId, 'revisions', replyId ?? 'post'] as const,
  tags: (slug: string) => ['conversations', slug, 'tags'] as const,
  follows: (slug: string) => ['conversations', slug, 'follows'] as const,
  mentionable: (slug: string, q: string) => ['conversations', slug, 'mentionable', q] as const,
  feed: (sort?: string) => (sort ? ['feed', sort] : ['feed']) as readonly unknown[],
  notifications: ['notifications'] as const,
  notificationList: (filters: { unread: boolean; limit: number }) => ['notifications', 'list', filters] as const,
  unreadCount: ['notifications', 'unread'] as const,
  search: (params?: SearchParams) => (params ? ['search', params] : ['search']) as readonly unknown[],
  /** The repertoire lives under its own root, apart from conversations and members. */
  repertoire: (slug: string) => ['repertoire', slug] as const,
  repertoireOverview: (slug: string) => ['repertoire', slug, 'overview'] as const,
  resources: (slug: string, filters?: ResourceFilters & { limit?: number }) =>
    (filters ? ['repertoire', slug, 'list', filters] : ['repertoire', slug, 'list']) as readonly unknown[],
  resource: (slug: string, id: string) => ['repertoire', slug, 'resource', id] as const,
  resourceRevisions: (slug: string, id: string) => ['repertoire', slug, 'resource', id, 'revisions'] as const,
  resourceDiff: (slug: string, id: string, from: number, to: number) =>
    ['repertoire', slug, 'resource', id, 'diff', from, to] as const,
  resourceNotes: (slug: string, id: string) => ['repertoire', slug, 'resource', id, 'notes'] as const,
  resourceDraft: (slug: string, postId: string, replyId: string | null) =>
    ['repertoire', slug, 'draft', postId, replyId] as const,
  reviewQueue: (slug: string) => ['repertoire', slug, 'review'] as const,
  collections: (slug: string) => ['repertoire', slug, 'collections'] as const,
  collection: (slug: string, id: string) => ['repertoire', slug, 'collection', id] as const,
  instanceSettings: ['admin', 'settings'] as const,
  outbox: ['admin', 'outbox'] as const,
  outboxMail: (id: string) => ['admin', 'outbox', id] as const,
  adminUsers: (q: string) => ['admin', 'users', q] as const,
};
