import { ActionIcon, Badge, MultiSelect, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconUsersGroup } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useToast } from '@/components/toast';
import { useSignedInSession } from '@/features/auth/api/get-session';

import { useMembers, useUpdateMember } from '../api/members';
import { useDeleteTeam, useSaveTeam, useTeams } from '../api/teams';
import { MEMBER_ROLES, type Member, type MemberRole, type Team } from '../types';
import { fieldError, hasUnshownError } from '../utils/form';
import { useDeleteConfirmation } from './confirm-delete';
import { EditModal, type Editing } from './edit-dialog';
import { FormActions } from './form-actions';
import { NameInput } from './name-input';
import { PageQueryState } from './query-state';
import { SettingsHeader } from './settings-layout';
import { NewButton, RowActions, SettingsTable } from './settings-table';
import classes from './settings.module.css';

const ROLE_COLORS: Record<MemberRole, string> = { agent: 'gray', supervisor: 'blue', admin: 'grape' };

/** Settings › Team and members: who has which role and belongs to which teams; the teams themselves. */
export function TeamSettings() {
  const { t } = useTranslation();
  return (
    <div className={classes.page} data-testid="team-settings">
      <SettingsHeader title={t('settings.team.title')} description={t('settings.team.description')} />
      <Stack gap="xl">
        <MemberList />
        <TeamList />
      </Stack>
    </div>
  );
}

function memberName(member: Member): string {
  return member.user.name || member.user.email;
}

function MemberList() {
  const { t } = useTranslation();
  const members = useMembers();
  const [editing, setEditing] = useState<Member | null>(null);
  return (
    <section aria-labelledby="members-title">
      <Title id="members-title" order={2} size="h4" mb="sm">
        {t('settings.team.members')}
      </Title>
      <PageQueryState
        query={members}
        loadFailed={t('settings.team.membersLoadFailed')}
        empty={{ icon: <IconUsersGroup size={28} stroke={1.5} />, title: t('settings.team.noMembers'), description: t('settings.team.noMembersHelp') }}
      >
        {(page) => (
          <SettingsTable
            testId="members"
            columns={
              <>
                <Table.Th>{t('settings.team.columns.name')}</Table.Th>
                <Table.Th>{t('settings.team.columns.role')}</Table.Th>
                <Table.Th>{t('settings.team.columns.teams')}</Table.Th>
                <Table.Th>{t('settings.team.columns.status')}</Table.Th>
              </>
            }
          >
            {page.results.map((member) => (
              <Table.Tr key={member.id} data-testid="member-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {memberName(member)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {member.user.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" radius="sm" color={ROLE_COLORS[member.role]}>
                    {t(`settings.roles.${member.role}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {member.teams.length ? (
                    <div className={classes.chips}>
                      {member.teams.map((team) => (
                        <Badge key={team.id} variant="outline" color="gray" radius="sm" tt="none">
                          {team.name}
                        </Badge>
                      ))}
                    </div>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('settings.team.noTeams')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" radius="sm" color={member.is_active ? 'teal' : 'gray'}>
                    {member.is_active ? t('settings.team.active') : t('settings.team.removed')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={t('settings.team.editMember', { name: memberName(member) })}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => setEditing(member)}
                      aria-label={t('settings.team.editMember', { name: memberName(member) })}
                      disabled={!member.is_active}
                    >
                      <IconPencil size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </SettingsTable>
        )}
      </PageQueryState>
      <EditModal editing={editing} onClose={() => setEditing(null)} title={(member) => (member ? t('settings.team.editMember', { name: memberName(member) }) : '')}>
        {(member) => (member ? <MemberForm member={member} onDone={() => setEditing(null)} /> : null)}
      </EditModal>
    </section>
  );
}

function MemberForm({ member, onDone }: { member: Member; onDone(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { user } = useSignedInSession();
  const teams = useTeams();
  const update = useUpdateMember();
  const [role, setRole] = useState<MemberRole>(member.role);
  const [teamIds, setTeamIds] = useState<string[]>(member.teams.map((team) => String(team.id)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: member.id, change: { role, team_ids: teamIds.map(Number) } },
      {
        onSuccess: () => {
          toast({ message: t('settings.team.memberSaved', { name: memberName(member) }) });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="member-form">
      <Stack gap="sm">
        <Select
          label={t('settings.team.role')}
          description={member.user.id === user.id ? t('settings.team.ownRoleHelp') : t('settings.team.roleHelp')}
          data={MEMBER_ROLES.map((value) => ({ value, label: t(`settings.roles.${value}`) }))}
          value={role}
          onChange={(value) => value && setRole(value as MemberRole)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          error={fieldError(update.error, 'role')}
          data-autofocus
        />
        <MultiSelect
          label={t('settings.team.teams')}
          placeholder={teamIds.length ? undefined : t('settings.team.pickTeams')}
          data={(teams.data?.results ?? []).map((team) => ({ value: String(team.id), label: team.name }))}
          value={teamIds}
          onChange={setTeamIds}
          searchable
          clearable
          nothingFoundMessage={t('settings.team.noTeamsYet')}
          comboboxProps={{ withinPortal: true }}
          error={fieldError(update.error, 'team_ids')}
        />
        <FormActions
          error={hasUnshownError(update.error, ['role', 'team_ids']) ? update.error : null}
          submitLabel={t('common.save')}
          pending={update.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}

function TeamList() {
  const { t } = useTranslation();
  const teams = useTeams();
  const [editing, setEditing] = useState<Editing<Team>>(null);
  const deletion = useDeleteConfirmation<Team>({
    remove: useDeleteTeam(),
    nameOf: (team) => team.name,
    consequence: t('settings.team.deleteConsequence'),
  });
  return (
    <section aria-labelledby="teams-title">
      <div className={classes.toolbar}>
        <Title id="teams-title" order={2} size="h4">
          {t('settings.team.teamsTitle')}
        </Title>
        <NewButton onClick={() => setEditing('new')} testId="new-team">
          {t('settings.team.newTeam')}
        </NewButton>
      </div>
      <PageQueryState
        query={teams}
        loadFailed={t('settings.team.teamsLoadFailed')}
        empty={{ icon: <IconUsersGroup size={28} stroke={1.5} />, title: t('settings.team.noTeamsYet'), description: t('settings.team.noTeamsHelp') }}
      >
        {(page) => (
          <SettingsTable
            testId="teams"
            columns={
              <>
                <Table.Th>{t('settings.team.columns.team')}</Table.Th>
                <Table.Th>{t('settings.team.columns.members')}</Table.Th>
              </>
            }
          >
            {page.results.map((team) => (
              <Table.Tr key={team.id} data-testid="team-row">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {team.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t('settings.team.memberCount', { count: team.members.length })}</Text>
                  {team.members.length ? (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {team.members.map((member) => member.name || member.email).join(', ')}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <RowActions
                    name={team.name}
                    editLabel={t('settings.team.editTeam', { name: team.name })}
                    onEdit={() => setEditing(team)}
                    onDelete={() => deletion.ask(team)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </SettingsTable>
        )}
      </PageQueryState>
      <EditModal
        editing={editing}
        onClose={() => setEditing(null)}
        title={(team) => (team ? t('settings.team.editTeam', { name: team.name }) : t('settings.team.newTeam'))}
      >
        {(team) => <TeamForm team={team} onDone={() => setEditing(null)} />}
      </EditModal>
      {deletion.dialog}
    </section>
  );
}

function TeamForm({ team, onDone }: { team: Team | null; onDone(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const members = useMembers();
  const save = useSaveTeam();
  const [name, setName] = useState(team?.name ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(team?.members.map((member) => String(member.id)) ?? []);
  const [nameMissing, setNameMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameMissing(true);
      return;
    }
    save.mutate(
      { id: team?.id ?? null, input: { name: name.trim(), member_ids: memberIds.map(Number) } },
      {
        onSuccess: (saved) => {
          toast({ message: t('settings.common.saved', { name: saved.name }) });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="team-form">
      <Stack gap="sm">
        <NameInput
          label={t('settings.team.teamName')}
          value={name}
          onChange={(value) => {
            setName(value);
            setNameMissing(false);
          }}
          missing={nameMissing}
          requiredMessage={t('settings.team.teamNameRequired')}
          saveError={save.error}
        />
        <MultiSelect
          label={t('settings.team.teamMembers')}
          data={(members.data?.results ?? [])
            .filter((member) => member.is_active)
            .map((member) => ({ value: String(member.id), label: memberName(member) }))}
          value={memberIds}
          onChange={setMemberIds}
          searchable
          clearable
          comboboxProps={{ withinPortal: true }}
          error={fieldError(save.error, 'member_ids')}
        />
        <FormActions
          error={hasUnshownError(save.error, ['name', 'member_ids']) ? save.error : null}
          submitLabel={team ? t('common.save') : t('settings.common.create')}
          pending={save.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
