import { tokenFor } from '@relais/testing';

/**
 * The `Authorization` header of a placement officer of one CPAS, as the signed-in edge would
 * send it, renewed every minute (tokens live two minutes; a bench runs for many).
 */
export const officerAuthorization = async (
  tenantId: string,
): Promise<{ header: () => string; stop: () => void }> => {
  const user = {
    tenantId,
    roles: 'placement_officer' as const,
    userId: '0190a000-0000-7000-8000-00000000be01',
  };
  let current = `Bearer ${await tokenFor(user)}`;
  const timer = setInterval(() => {
    void tokenFor(user).then((token) => {
      current = `Bearer ${token}`;
    });
  }, 60_000);
  timer.unref();
  return { header: () => current, stop: () => clearInterval(timer) };
};
