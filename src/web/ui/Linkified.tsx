import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';

const URL_PATTERN = /(https?:\/\/[^\s<>"')\]]+)/g;

export function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const url = match[0];
    const external = !url.startsWith(window.location.origin + '/');
    parts.push(
      <Anchor key={index} href={url} {...(external ? { target: '_blank', rel: 'noreferrer noopener' } : {})}>
        {url}
      </Anchor>,
    );
    last = index + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
