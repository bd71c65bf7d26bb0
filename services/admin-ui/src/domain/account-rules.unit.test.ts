import { describe, expect, it } from 'vitest';
import { checkGrantable, checkNewPassword, checkNotOwnAccount, normalizeEmail } from './account-rules.ts';

describe('account rules', () => {
  it('given a CPAS administrator, then every staff role is grantable and platform_operator is not', () => {
    expect(() => checkGrantable(['social_worker', 'cpas_admin'])).not.toThrow();
    expect(() => checkGrantable(['social_worker', 'platform_operator'])).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_GRANTABLE', status: 403 }),
    );
  });

  it('given their own account, then an administrator can neither disable nor re-role it', () => {
    expect(() => checkNotOwnAccount('a', 'a', 'disable')).toThrow(
      expect.objectContaining({ code: 'OWN_ACCOUNT' }),
    );
    expect(() => checkNotOwnAccount('a', 'b', 'disable')).not.toThrow();
  });

  it('given a short password, then it is refused naming the field; 12 characters are enough', () => {
    expect(() => checkNewPassword('short', 'newPassword')).toThrow(
      expect.objectContaining({ code: 'PASSWORD_TOO_SHORT', field: 'newPassword' }),
    );
    expect(() => checkNewPassword('douze-signes', 'newPassword')).not.toThrow();
  });

  it('given an email in any case with spaces, then it is stored and found lower-cased', () => {
    expect(normalizeEmail('  Agent@Demo.Relais.TEST ')).toBe('agent@demo.relais.test');
  });
});
