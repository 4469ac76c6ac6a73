import { describe, expect, it } from 'vitest';

import { viewWatchScope } from '../views-list';

describe('viewWatchScope', () => {
  it('asks for the whole workspace only while a workspace-wide view is on screen', () => {
    for (const view of ['all', 'unassigned', 'pending', 'snoozed', 'breaching', 'tag-vip'] as const) {
      expect(viewWatchScope(view)).toBe('workspace');
    }
    // Mine and a team's view: the socket's own groups (assignee, teams) carry every case they show.
    expect(viewWatchScope('mine')).toBe('teams');
    expect(viewWatchScope('team-3')).toBe('teams');
  });
});
