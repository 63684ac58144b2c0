import { Text, type TextProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from './format';

/** A relative time ("5 min ago") that keeps itself current, with the exact time on hover. */
export function TimeAgo({ value, prefix, ...props }: { value: string; prefix?: string } & TextProps) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <Text component="time" dateTime={value} title={formatDateTime(value)} inherit {...props}>
      {prefix ? `${prefix} ` : ''}
      {formatRelative(value, now)}
    </Text>
  );
}
