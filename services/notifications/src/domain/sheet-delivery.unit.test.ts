import { describe, expect, it } from 'vitest';
import { checkDeliveryDay } from './sheet-delivery.ts';

describe('the day an information sheet was delivered', () => {
  const bounds = { writtenOn: '2026-03-02', today: '2026-03-05' };

  it('accepts a day between the sheet being written and today', () => {
    expect(() => checkDeliveryDay('2026-03-02', bounds)).not.toThrow();
    expect(() => checkDeliveryDay('2026-03-05', bounds)).not.toThrow();
  });

  it('refuses a day to come or before the sheet existed, naming the field', () => {
    expect(() => checkDeliveryDay('2026-03-06', bounds)).toThrow(
      expect.objectContaining({ code: 'DELIVERY_IN_FUTURE', field: 'deliveredOn' }),
    );
    expect(() => checkDeliveryDay('2026-03-01', bounds)).toThrow(
      expect.objectContaining({ code: 'DELIVERY_BEFORE_SHEET' }),
    );
  });
});
