import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it, vi } from 'vitest';

import '@/lib/i18n';

import type { BoardTeam } from '../../types';
import { TeamLoadChart } from '../team-load-chart';

// jsdom has no layout: give the figure a width so the chart draws.
vi.mock('@mantine/hooks', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@mantine/hooks')>()),
  useElementSize: () => ({ ref: { current: null }, width: 640, height: 0 }),
}));

const team = (id: number | null, name: string, open: number, atRisk: number, breached: number): BoardTeam => ({
  id,
  name,
  open,
  unassigned: 0,
  waiting: open,
  oldest_waiting_since: null,
  at_risk: atRisk,
  breached,
});

describe('TeamLoadChart', () => {
  it('draws one bar per team with open cases, split by SLA state', () => {
    const { container } = render(
      <MantineProvider>
        <TeamLoadChart teams={[team(1, 'Billing', 12, 3, 2), team(2, 'Shipping', 0, 0, 0), team(null, '', 4, 0, 1)]} />
      </MantineProvider>,
    );
    expect(screen.getByTestId('team-load-chart')).toHaveTextContent('Open cases per team, by SLA state');
    expect(screen.getAllByText('Billing').length).toBeGreaterThan(0);
    expect(screen.getAllByText('No team').length).toBeGreaterThan(0);
    expect(screen.queryByText('Shipping')).not.toBeInTheDocument(); // nothing open: no bar
    // Three stacked series (on track, at risk, breached), one rectangle per team each.
    expect(container.querySelectorAll('.recharts-bar-rectangle').length).toBeGreaterThanOrEqual(5);
    expect(screen.getAllByText('On track').length).toBeGreaterThan(0);
  });

  it('draws nothing when no team has open cases', () => {
    render(
      <MantineProvider>
        <TeamLoadChart teams={[team(1, 'Billing', 0, 0, 0)]} />
      </MantineProvider>,
    );
    expect(screen.queryByTestId('team-load-chart')).not.toBeInTheDocument();
  });
});
