import { DomainError } from '@relais/service-kit/errors';

/**
 * A delivery is recorded for a day the sheet existed and that has come: not before the sheet
 * was written (the placement's start) and not in the future.
 */
export const checkDeliveryDay = (deliveredOn: string, bounds: { writtenOn: string; today: string }): void => {
  if (deliveredOn > bounds.today)
    throw new DomainError('DELIVERY_IN_FUTURE', 'invalid', `${deliveredOn} has not come yet`, 'deliveredOn');
  if (deliveredOn < bounds.writtenOn)
    throw new DomainError(
      'DELIVERY_BEFORE_SHEET',
      'invalid',
      `the sheet was written on ${bounds.writtenOn}, after ${deliveredOn}`,
      'deliveredOn',
    );
};
