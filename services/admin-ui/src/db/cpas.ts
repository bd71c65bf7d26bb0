import type { Tx } from '@relais/messaging';
import { DomainError } from '@relais/service-kit';

/** A CPAS using the platform. */
export interface Cpas {
  readonly id: string;
  readonly name: string;
}

/** Registers a CPAS; names are unique whatever their case. */
export const insertCpas = async (tx: Tx, cpas: Cpas): Promise<Cpas> => {
  try {
    const { rows } = await tx.query<Cpas>('INSERT INTO cpas (id, name) VALUES ($1, $2) RETURNING id, name', [
      cpas.id,
      cpas.name,
    ]);
    return rows[0] as Cpas;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new DomainError('CPAS_NAME_TAKEN', 'conflict', 'a CPAS with this name already exists', 'name');
    }
    throw error;
  }
};
