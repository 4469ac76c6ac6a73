import { VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';

import type { BoardTeam } from '../types';

const ROW_HEIGHT = 34;
const COLORS = { onTrack: 'var(--mantine-color-blue-5)', atRisk: 'var(--mantine-color-orange-5)', breached: 'var(--mantine-color-red-6)' };

interface TeamLoadChartProps {
  teams: BoardTeam[];
}

/**
 * Each team's open cases as one bar split by SLA state (on track, at risk, breached): where the
 * floor is heavy and where it is about to break, at a glance. The table below has the numbers.
 */
export function TeamLoadChart({ teams }: TeamLoadChartProps) {
  const { t } = useTranslation();
  const { ref, width } = useElementSize();
  const rows = teams
    .filter((team) => team.open > 0)
    .map((team) => ({
      name: team.name || t('supervisor.teams.noTeam'),
      onTrack: Math.max(team.open - team.at_risk - team.breached, 0),
      atRisk: team.at_risk,
      breached: team.breached,
    }));
  if (rows.length === 0) return null;
  const height = rows.length * ROW_HEIGHT + 64;
  return (
    <figure ref={ref} style={{ margin: '0 0 var(--mantine-spacing-md)' }} data-testid="team-load-chart">
      <VisuallyHidden component="figcaption">{t('supervisor.chart.caption')}</VisuallyHidden>
      {width > 0 ? (
        <BarChart layout="vertical" width={width} height={height} data={rows} margin={{ left: 8, right: 16, top: 4, bottom: 4 }} barSize={18}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} fontSize={12} />
          <YAxis type="category" dataKey="name" width={120} fontSize={12} />
          <Tooltip cursor={{ fillOpacity: 0.08 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="onTrack" name={t('supervisor.chart.onTrack')} stackId="open" fill={COLORS.onTrack} isAnimationActive={false} />
          <Bar dataKey="atRisk" name={t('supervisor.teams.at_risk')} stackId="open" fill={COLORS.atRisk} isAnimationActive={false} />
          <Bar dataKey="breached" name={t('supervisor.teams.breached')} stackId="open" fill={COLORS.breached} isAnimationActive={false} />
        </BarChart>
      ) : (
        <div style={{ height }} />
      )}
    </figure>
  );
}
