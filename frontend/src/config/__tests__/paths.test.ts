import { describe, expect, it } from 'vitest';

import { loginPathFor, safeRedirectTarget } from '../paths';

describe('safeRedirectTarget', () => {
  it.each([
    [null, '/inbox'],
    ['', '/inbox'],
    ['/customers', '/customers'],
    ['/inbox?view=all', '/inbox?view=all'],
    ['https://evil.example', '/inbox'],
    ['//evil.example', '/inbox'],
    ['/\\evil.example', '/inbox'],
    ['/login', '/inbox'],
    ['/login?redirectTo=/x', '/inbox'],
  ])('%s → %s', (target, expected) => {
    expect(safeRedirectTarget(target)).toBe(expected);
  });

  it('builds a login path that round-trips the target', () => {
    const path = loginPathFor('/inbox?view=all');
    expect(new URLSearchParams(path.split('?')[1]).get('redirectTo')).toBe('/inbox?view=all');
  });
});
