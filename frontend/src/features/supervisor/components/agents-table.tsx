import { Anchor, Badge, Group, Progress, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { BoardAgent } from '../types';
import { agentLoad, type LoadLevel, sortAgents } from '../utils/board';
import { caseInboxPath } from '../utils/links';
import classes from './supervisor.module.css';

const LOAD_COLORS: Record<LoadLevel, string> = { none: 'gray', ok: 'teal', high: 'orange', full: 'red' };

/** Who is here, how full their plate is, and which case each one has open. */
export function AgentsTable({ agents }: { agents: BoardAgent[] }) {
  const { t } = useTranslation();
  if (agents.length === 0) {
    return (
      <Text size="sm" c="dimmed" className={classes.tableWrap} p="md">
        {t('supervisor.agents.empty')}
      </Text>
    );
  }
  return (
    <div className={classes.tableWrap}>
      <Table verticalSpacing="xs" data-testid="agents-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.agents.agent')}</Table.Th>
            <Table.Th>{t('supervisor.agents.status')}</Table.Th>
            <Table.Th>{t('supervisor.agents.load')}</Table.Th>
            <Table.Th>{t('supervisor.agents.viewing')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sortAgents(agents).map((agent) => (
            <AgentRow key={agent.membership_id} agent={agent} />
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function AgentRow({ agent }: { agent: BoardAgent }) {
  const { t } = useTranslation();
  const offline = agent.status === 'offline';
  const status = t(`supervisor.agents.statuses.${agent.status}`);
  return (
    <Table.Tr data-testid="agent-row" data-status={agent.status} className={offline ? classes.offline : undefined}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <span className={classes.dot} data-status={agent.status} aria-hidden />
          <div style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} c={offline ? 'dimmed' : undefined} truncate>
                {agent.name || agent.email}
              </Text>
              {agent.role !== 'agent' ? (
                <Badge size="xs" variant="light" color="gray" radius="sm" tt="none">
                  {t(`auth.roles.${agent.role}`)}
                </Badge>
              ) : null}
            </Group>
            {agent.name ? (
              <Text size="xs" c="dimmed" truncate>
                {agent.email}
              </Text>
            ) : null}
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={offline ? 'dimmed' : undefined}>
          {status}
        </Text>
      </Table.Td>
      <Table.Td className={classes.load}>
        <AgentLoad agent={agent} />
      </Table.Td>
      <Table.Td>
        <Viewing caseIds={agent.viewing_case_ids} />
      </Table.Td>
    </Table.Tr>
  );
}

function AgentLoad({ agent }: { agent: BoardAgent }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  const open = number.format(agent.open_assigned);
  if (agent.capacity === null) {
    return (
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" className={classes.num}>
          {open}
        </Text>
        <Text size="xs" c="dimmed">
          {t('supervisor.agents.noCapacity')}
        </Text>
      </Group>
    );
  }
  const capacity = number.format(agent.capacity);
  const { level, percent } = agentLoad(agent);
  return (
    <Group gap="sm" wrap="nowrap" data-testid="agent-load" data-level={level}>
      <Progress
        className={classes.loadBar}
        value={percent}
        color={LOAD_COLORS[level]}
        size="md"
        radius="xl"
        aria-label={t('supervisor.agents.loadLabel', { open, capacity })}
      />
      <Text size="sm" className={classes.num} fw={level === 'ok' ? 400 : 600} c={level === 'full' ? 'red.8' : level === 'high' ? 'orange.8' : undefined}>
        {t('supervisor.agents.loadOf', { open, capacity })}
      </Text>
    </Group>
  );
}

function Viewing({ caseIds }: { caseIds: number[] }) {
  const { t } = useTranslation();
  if (caseIds.length === 0) {
    return (
      <Text size="sm" className={classes.zero} aria-hidden>
        {t('supervisor.agents.nothing')}
      </Text>
    );
  }
  return (
    <Group gap="xs">
      {caseIds.map((id) => (
        <Anchor key={id} component={Link} to={caseInboxPath(id)} size="sm" fw={600} aria-label={t('supervisor.agents.openCase', { id })}>
          #{id}
        </Anchor>
      ))}
    </Group>
  );
}
