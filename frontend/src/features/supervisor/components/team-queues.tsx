import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import type { BoardTeam } from '../types';
import { sortTeams } from '../utils/board';
import { teamInboxPath } from '../utils/links';
import classes from './supervisor.module.css';
import { type BoardClock, WaitingSince } from './waiting-since';

/** One row per team: its queue, how long the longest wait is, and its SLA risk. */
export function TeamQueues({ teams, clock }: { teams: BoardTeam[]; clock: BoardClock }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  const count = (value: number) => <span className={value === 0 ? classes.zero : undefined}>{number.format(value)}</span>;

  if (teams.length === 0) {
    return (
      <Text size="sm" c="dimmed" className={classes.tableWrap} p="md">
        {t('supervisor.teams.empty')}
      </Text>
    );
  }

  return (
    <div className={classes.tableWrap}>
      <Table verticalSpacing="xs" highlightOnHover={false} data-testid="team-queues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.teams.team')}</Table.Th>
            <Table.Th className={classes.num}>{t('supervisor.teams.open')}</Table.Th>
            <Table.Th className={classes.num}>{t('supervisor.teams.unassigned')}</Table.Th>
            <Table.Th className={classes.num}>{t('supervisor.teams.waiting')}</Table.Th>
            <Table.Th>{t('supervisor.teams.oldest')}</Table.Th>
            <Table.Th className={classes.num}>{t('supervisor.teams.at_risk')}</Table.Th>
            <Table.Th className={classes.num}>{t('supervisor.teams.breached')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sortTeams(teams).map((team) => {
            const to = team.id === null ? null : teamInboxPath(team.id);
            const name = team.id === null ? t('supervisor.teams.noTeam') : team.name;
            return (
              <Table.Tr
                key={team.id ?? 'none'}
                data-testid="team-row"
                // The name is the link (keyboard, screen readers); the row is a larger mouse target.
                className={to ? classes.clickableRow : undefined}
                onClick={to ? () => void navigate(to) : undefined}
              >
                <Table.Td>
                  {to ? (
                    <Anchor
                      component={Link}
                      to={to}
                      className={classes.nameLink}
                      size="sm"
                      title={t('supervisor.teams.openTeam', { team: name })}
                      onClick={(event) => event.stopPropagation()}
                    >
                      {name}
                    </Anchor>
                  ) : (
                    <Text size="sm" fs="italic" c="dimmed">
                      {name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className={classes.num}>{count(team.open)}</Table.Td>
                <Table.Td className={classes.num}>{count(team.unassigned)}</Table.Td>
                <Table.Td className={classes.num}>{count(team.waiting)}</Table.Td>
                <Table.Td>
                  <WaitingSince since={team.oldest_waiting_since} clock={clock} />
                </Table.Td>
                <Table.Td className={classes.num}>
                  {team.at_risk > 0 ? (
                    <Badge color="orange" variant="light" radius="sm">
                      {number.format(team.at_risk)}
                    </Badge>
                  ) : (
                    count(0)
                  )}
                </Table.Td>
                <Table.Td className={classes.num}>
                  {team.breached > 0 ? (
                    <Badge color="red" variant="filled" radius="sm">
                      {number.format(team.breached)}
                    </Badge>
                  ) : (
                    count(0)
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </div>
  );
}
