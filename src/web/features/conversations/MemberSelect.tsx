import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Person } from '../../../common/api-types';
import { api, keys } from '../../api';

/** Picks a member of the community by name or @handle, searching as one types. */
export function MemberSelect({
  slug,
  id,
  label,
  description,
  placeholder = 'Search members by name or @handle',
  value,
  initial,
  onChange,
  error,
  style,
}: {
  slug: string;
  id?: string;
  label: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  value: string | null;
  /** The member already picked, so their name shows before any search. */
  initial?: Person | null;
  onChange: (value: string | null, person: Person | null) => void;
  error?: ReactNode;
  style?: React.CSSProperties;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.replace(/^@/, '').split(' (')[0], 200);
  const [known, setKnown] = useState<Person[]>(initial ? [initial] : []);
  const people = useQuery({
    queryKey: keys.mentionable(slug, debounced.toLowerCase()),
    queryFn: () => api.mentionable(slug, debounced),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const found = people.data?.items ?? [];
  const all = [...known, ...found.filter((p) => !known.some((k) => k.id === p.id))];
  return (
    <Select
      id={id}
      label={label}
      description={description}
      placeholder={placeholder}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={all.map((p) => ({ value: p.id, label: p.handle ? `${p.name} (@${p.handle})` : p.name }))}
      value={value}
      onChange={(picked) => {
        const person = all.find((p) => p.id === picked) ?? null;
        if (person && !known.some((k) => k.id === person.id)) setKnown([...known, person]);
        onChange(picked, person);
      }}
      nothingFoundMessage={people.isFetching ? 'Searching…' : 'No member found'}
      error={error}
      comboboxProps={{ withinPortal: true }}
      style={style}
    />
  );
}
