import { invalid } from '../../platform/errors.js';

/** Tags on posts and resources: a community's topics, or free words where it allows them. */

export const tagKey = (tag: string) => tag.toLowerCase();

interface TagRules {
  topics: string[];
  allowFreeTags: boolean;
}

/**
 * Tags are the community's topics, matched whatever the case and stored as the topic is spelt.
 * Where free tags are allowed, any other tag is stored lower-case, so that filters and follows
 * (which compare lower-cased) find every spelling. `field` names the input at fault.
 */
export function resolveTags(community: TagRules, tags: string[], field = 'tags'): string[] {
  const topics = new Map(community.topics.map((t) => [tagKey(t), t]));
  const out = new Map<string, string>();
  for (const tag of tags) {
    const topic = topics.get(tagKey(tag));
    if (!topic && !community.allowFreeTags) {
      throw invalid(field, `“${tag}” is not one of this community’s topics.`, 'unknown_tag');
    }
    out.set(tagKey(tag), topic ?? tagKey(tag));
  }
  return [...out.values()];
}

/** The stored spelling a tag filter should match. */
export const tagFilter = (community: TagRules, tag: string) =>
  community.topics.find((t) => tagKey(t) === tagKey(tag)) ?? tagKey(tag);
