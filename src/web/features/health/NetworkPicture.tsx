import { Anchor, Box, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { NetworkPicture } from '../../../common/api-types';
import { plural } from '../../ui/format';
import { COLORS, modeColor, modeLabel, MODES, whole } from './chartsCommon';

const W = 1000;
/** Wide screens get a landscape picture; phones a square one with bigger marks, so it stays legible. */
const WIDE_H = 640;
const NARROW_H = 1000;
/** Up to this many members, every name is written; above it, only brokers'. */
const NAMED = 30;
const BROKER = '#212529';
const NEWCOMER = '#d9480f';

type Node = NetworkPicture['nodes'][number];

const radius = (n: Node, k: number) => k * Math.min(20, 8 + 2.5 * Math.sqrt(n.degree));
const describe = (n: Node) =>
  [
    n.name,
    modeLabel(n.mode),
    n.broker ? 'broker between groups' : null,
    n.isolatedNewcomer ? 'newcomer with no ties yet' : plural(n.degree, 'tie'),
  ]
    .filter(Boolean)
    .join(', ');

/**
 * Who helps whom, drawn from the positions the server computed: members as dots coloured by
 * mode, ties as lines (thicker for stronger ties), brokers ringed, newcomers with no ties in
 * their own band, dashed. One tab stop: arrow keys go from member to member, showing each name;
 * Enter opens their profile. The lists below say the same in words.
 */
export function HelpNetwork({ network, slug }: { network: NetworkPicture; slug: string }) {
  const id = useId();
  const navigate = useNavigate();
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;
  const H = narrow ? NARROW_H : WIDE_H;
  const k = narrow ? 2.4 : 1;
  const refs = useRef(new Map<string, { focus(): void }>());
  const [active, setActive] = useState<string | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);

  // Reading order for the keyboard: left to right, then top to bottom.
  const order = useMemo(
    () => [...network.nodes].sort((a, b) => a.x - b.x || a.y - b.y || a.name.localeCompare(b.name)),
    [network.nodes],
  );
  const byId = useMemo(() => new Map(network.nodes.map((n) => [n.id, n])), [network.nodes]);
  const labels = useMemo(
    () =>
      placeLabels(
        network.nodes.filter((n) => network.nodes.length <= NAMED || n.broker),
        k,
        H,
      ),
    [network.nodes, k, H],
  );
  const brokers = network.nodes.filter((n) => n.broker).sort((a, b) => b.degree - a.degree);
  const isolated = network.nodes.filter((n) => n.isolatedNewcomer).sort((a, b) => a.name.localeCompare(b.name));
  const connected = network.nodes.length - isolated.length;
  const maxWeight = Math.max(1, ...network.edges.map((e) => e.weight));
  const profile = (n: Node) => `/c/${slug}/members/${n.id}`;

  const move = (e: KeyboardEvent, index: number) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    let next: number | null = null;
    if (step) next = (index + step + order.length) % order.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = order.length - 1;
    if (next === null) return;
    e.preventDefault();
    setFocusIndex(next);
    refs.current.get(order[next].id)?.focus();
  };

  const shown = active ? byId.get(active) : undefined;
  const summary =
    network.nodes.length === 0
      ? 'Nobody replied to anyone, answered a question or co-hosted a session in this period yet, and no newcomer joined in the last 60 days.'
      : `${plural(connected, 'member')} with ties in ${plural(network.clusters, 'group')}, ${plural(network.edges.length, 'tie')} drawn. ${
          brokers.length ? `Brokers between groups: ${brokers.map((b) => b.name).join(', ')}. ` : ''
        }${
          isolated.length
            ? `${plural(isolated.length, 'newcomer')} of the last 60 days with no tie yet: ${isolated.map((n) => n.name).join(', ')}.`
            : 'Every newcomer of the last 60 days has a tie.'
        }${network.omitted ? ` The ${whole(connected)} most connected are drawn; ${whole(network.omitted)} more are not.` : ''}`;

  return (
    <Card component="figure" m={0} aria-labelledby={`${id}-title`} style={{ minWidth: 0 }}>
      <Stack gap="sm">
        <Box component="figcaption">
          <Title order={3} size="h5" id={`${id}-title`}>
            Who helps whom
          </Title>
          <Text size="sm" c="dark.4" mt={4} id={`${id}-summary`}>
            {summary} Ties: replies to someone’s post, accepted answers (stronger), sessions hosted together.
          </Text>
        </Box>
        {network.nodes.length > 0 && (
          <Box style={{ position: 'relative', width: '100%' }}>
            <svg
              viewBox={`0 0 ${W} ${H}`}
              width="100%"
              role="group"
              aria-label="Help network picture. Use the arrow keys to go from member to member."
              style={{ display: 'block', background: '#f8f9fa', borderRadius: 12, height: 'auto' }}
            >
              {isolated.length > 0 && (
                <g aria-hidden="true">
                  <line x1={20} x2={W - 20} y1={H * 0.855} y2={H * 0.855} stroke="#ced4da" strokeDasharray="6 6" />
                  <text x={24} y={H * 0.855 - 10 * k} fontSize={18 * k} fill={COLORS.axis}>
                    Newcomers with no ties yet
                  </text>
                </g>
              )}
              <g aria-hidden="true">
                {network.edges.map((e) => {
                  const s = byId.get(e.source);
                  const t = byId.get(e.target);
                  if (!s || !t) return null;
                  const lit = active !== null && (active === e.source || active === e.target);
                  return (
                    <line
                      key={`${e.source}-${e.target}`}
                      x1={s.x * W}
                      y1={s.y * H}
                      x2={t.x * W}
                      y2={t.y * H}
                      stroke={lit ? BROKER : '#868e96'}
                      strokeOpacity={lit ? 0.9 : 0.25 + 0.45 * (e.weight / maxWeight)}
                      strokeWidth={k * (1 + 3 * (e.weight / maxWeight))}
                    />
                  );
                })}
              </g>
              {order.map((n, i) => {
                const r = radius(n, k);
                const on = active === n.id;
                return (
                  <a
                    key={n.id}
                    href={profile(n)}
                    ref={(el) => {
                      if (el) refs.current.set(n.id, el);
                      else refs.current.delete(n.id);
                    }}
                    tabIndex={i === focusIndex ? 0 : -1}
                    aria-label={describe(n)}
                    onClick={(e) => {
                      e.preventDefault();
                      void navigate(profile(n));
                    }}
                    onKeyDown={(e) => move(e, i)}
                    onFocus={() => {
                      setFocusIndex(i);
                      setActive(n.id);
                    }}
                    onBlur={() => setActive((a) => (a === n.id ? null : a))}
                    onMouseEnter={() => setActive(n.id)}
                    onMouseLeave={() => setActive((a) => (a === n.id ? null : a))}
                    style={{ outline: 'none', cursor: 'pointer' }}
                  >
                    {n.broker && (
                      <circle
                        cx={n.x * W}
                        cy={n.y * H}
                        r={r + 6 * k}
                        fill="none"
                        stroke={BROKER}
                        strokeWidth={3.5 * k}
                      />
                    )}
                    <circle
                      cx={n.x * W}
                      cy={n.y * H}
                      r={on ? r + 3 * k : r}
                      fill={modeColor(n.mode)}
                      stroke={n.isolatedNewcomer ? NEWCOMER : '#fff'}
                      strokeWidth={(n.isolatedNewcomer ? 4 : 2) * k}
                      strokeDasharray={n.isolatedNewcomer ? `${5 * k} ${3 * k}` : undefined}
                    />
                    {on && (
                      <circle
                        cx={n.x * W}
                        cy={n.y * H}
                        r={r + 10 * k}
                        fill="none"
                        stroke={COLORS.secondary}
                        strokeWidth={3 * k}
                      />
                    )}
                  </a>
                );
              })}
              <g aria-hidden="true" style={{ pointerEvents: 'none' }}>
                {labels
                  .filter((l) => l.node.id !== active)
                  .map((l) => (
                    <NodeLabel key={l.node.id} label={l} />
                  ))}
                {shown && placeLabels([shown], k, H, true).map((l) => <NodeLabel key="active" label={l} strong />)}
              </g>
            </svg>
            <Text size="xs" c="dark.4" mt={6} aria-live="polite">
              {shown
                ? describe(shown)
                : 'Point at a member, or tab to the picture and use the arrow keys, to see who it is.'}
            </Text>
          </Box>
        )}
        <NetworkLegend />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <PeopleList
            title="Newcomers with no ties yet"
            empty="None: every newcomer of the last 60 days has replied, been replied to, or hosted with someone."
            people={isolated}
            profile={profile}
            note={() => 'joined in the last 60 days'}
          />
          <PeopleList
            title="Brokers between groups"
            empty="Nobody stands out as the link between groups."
            people={brokers}
            profile={profile}
            note={(n) => `${modeLabel(n.mode)}, ${plural(n.degree, 'tie')}`}
          />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

interface Placed {
  node: Node;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  size: number;
}

/**
 * Where each name goes: above its dot, else below it, else nowhere (it still shows on hover and
 * focus) — so that no two names overlap. Brokers are placed first, then the most connected.
 */
function placeLabels(nodes: Node[], k: number, h: number, strong = false): Placed[] {
  const size = (strong ? 22 : 17) * k;
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const out: Placed[] = [];
  const ordered = [...nodes].sort((a, b) => Number(b.broker) - Number(a.broker) || b.degree - a.degree);
  for (const node of ordered) {
    const x = node.x * W;
    const r = radius(node, k);
    // A generous width: average glyphs are a little over half as wide as they are tall.
    const width = node.name.length * size * 0.62;
    // Newcomers in their band read best beside their dot; everyone else above it, else below.
    const centred = node.x > 0.85 ? 'end' : node.x < 0.15 ? 'start' : 'middle';
    const candidates: { x: number; y: number; anchor: Placed['anchor'] }[] = [
      ...(node.isolatedNewcomer ? [{ x: x + r + 6 * k, y: node.y * h + size / 3, anchor: 'start' as const }] : []),
      { x, y: node.y * h - r - 8 * k, anchor: centred },
      { x, y: node.y * h + r + size + 4 * k, anchor: centred },
    ];
    for (const c of candidates) {
      const x0 = c.anchor === 'start' ? c.x : c.anchor === 'end' ? c.x - width : c.x - width / 2;
      const box = { x0: x0 - 4, x1: x0 + width + 4, y0: c.y - size, y1: c.y + 4 };
      if (box.y0 < 0 || box.y1 > h || box.x1 > W + 4) continue;
      if (!strong && boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
      boxes.push(box);
      out.push({ node, x: c.x, y: c.y, anchor: c.anchor, size });
      break;
    }
  }
  return out;
}

/** A member's name beside their dot, with a halo so it reads over lines. */
function NodeLabel({ label, strong = false }: { label: Placed; strong?: boolean }) {
  return (
    <text
      x={label.x}
      y={label.y}
      textAnchor={label.anchor}
      fontSize={label.size}
      fontWeight={strong ? 700 : 500}
      fill={strong ? '#212529' : '#343a40'}
      stroke="#f8f9fa"
      strokeWidth={label.size / 3.5}
      paintOrder="stroke"
    >
      {label.node.name}
    </text>
  );
}

function Swatch({ children }: { children: ReactNode }) {
  return (
    <svg width={22} height={22} viewBox="0 0 22 22" aria-hidden="true" style={{ flexShrink: 0 }}>
      {children}
    </svg>
  );
}

function NetworkLegend() {
  const items = [
    ...MODES.map((m) => ({
      label: m.label,
      swatch: <circle cx={11} cy={11} r={7} fill={m.color} />,
    })),
    {
      label: 'Broker between groups',
      swatch: (
        <>
          <circle cx={11} cy={11} r={5} fill={COLORS.neutral} />
          <circle cx={11} cy={11} r={9} fill="none" stroke={BROKER} strokeWidth={2} />
        </>
      ),
    },
    {
      label: 'Newcomer with no ties',
      swatch: (
        <circle cx={11} cy={11} r={7} fill={COLORS.neutral} stroke={NEWCOMER} strokeWidth={2.5} strokeDasharray="3 2" />
      ),
    },
  ];
  return (
    <Box
      component="ul"
      aria-label="Key to the picture"
      m={0}
      p={0}
      style={{ listStyle: 'none', display: 'flex', flexWrap: 'wrap', gap: '4px 14px' }}
    >
      {items.map((item) => (
        <Box component="li" key={item.label} style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <Swatch>{item.swatch}</Swatch>
          <Text size="xs" c="dark.5">
            {item.label}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

function PeopleList({
  title,
  empty,
  people,
  profile,
  note,
}: {
  title: string;
  empty: string;
  people: Node[];
  profile: (n: Node) => string;
  note: (n: Node) => string;
}) {
  const id = useId();
  return (
    <Box component="section" aria-labelledby={id}>
      <Title order={4} size="h6" id={id} mb={4}>
        {title} ({people.length})
      </Title>
      {people.length === 0 ? (
        <Text size="sm" c="dark.4">
          {empty}
        </Text>
      ) : (
        <Box component="ul" m={0} pl="md">
          {people.map((n) => (
            <Text component="li" size="sm" key={n.id}>
              <Anchor component={Link} to={profile(n)}>
                {n.name}
              </Anchor>{' '}
              <Text component="span" size="sm" c="dark.4">
                ({note(n)})
              </Text>
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}
