import type { Authenticate } from './access.ts';
import { TokenError, type TokenVerifier } from './tokens.ts';

/** Services authenticate a call by the edge's signed token in `Authorization: Bearer …`. */
export const bearerAuthentication =
  (verifier: TokenVerifier): Authenticate =>
  async (request) => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return null;
    try {
      return await verifier.verify(header.slice('Bearer '.length).trim());
    } catch (error) {
      // The reason only (expired, bad signature…), never the token.
      request.log.info({ reason: error instanceof TokenError ? error.message : 'invalid' }, 'token refused');
      return null;
    }
  };
