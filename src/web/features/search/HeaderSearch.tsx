import { ActionIcon, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { limits } from '../../../common/limits';

/** The header's search box (wide screens); submitting opens /search?q=…. */
export function HeaderSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const onSearchPage = location.pathname === '/search';
  const urlQ = onSearchPage ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [q, setQ] = useState(urlQ);
  useEffect(() => setQ(urlQ), [urlQ]);

  return (
    <form
      role="search"
      aria-label="Site search"
      onSubmit={(e) => {
        e.preventDefault();
        const text = q.trim();
        const params = new URLSearchParams(onSearchPage ? location.search : '');
        if (text) params.set('q', text);
        else params.delete('q');
        navigate(`/search?${params.toString()}`);
      }}
    >
      <TextInput
        type="search"
        aria-label="Search conversations"
        placeholder="Search conversations"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maxLength={limits.search}
        w={{ md: 220, lg: 260 }}
        radius="xl"
      />
    </form>
  );
}

/** On narrow screens the search box is a button to the search page. */
export function HeaderSearchButton() {
  return (
    <ActionIcon component={Link} to="/search" variant="subtle" color="gray" size={40} radius="xl" aria-label="Search">
      <IconSearch size={21} aria-hidden />
    </ActionIcon>
  );
}
