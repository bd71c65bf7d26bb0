import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Keys that hold personal data wherever they appear (candidates' identity, contact, health,
 * social situation). pino's `redact` only hides listed paths, so the request serializer below
 * lets through listed fields only, and this list is the safety net for everything else.
 */
export const PERSONAL_DATA_KEYS = [
  'niss',
  'nationalRegisterNumber',
  'name',
  'firstName',
  'lastName',
  'fullName',
  'birthDate',
  'dateOfBirth',
  'email',
  'phone',
  'address',
  'street',
  'healthNotes',
  'healthRestrictions',
  'criminalRecord',
  'notes',
  'comment',
] as const;

const redactPaths = [
  ...PERSONAL_DATA_KEYS,
  ...PERSONAL_DATA_KEYS.map((k) => `*.${k}`),
  ...PERSONAL_DATA_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'body',
  '*.body',
];

interface RequestLike {
  method?: string;
  url?: string;
  id?: string;
}

/** Creates the process logger: JSON lines, personal data redacted, requests logged without bodies or query strings. */
export const createLogger = (options: {
  name: string;
  level: string;
  destination?: DestinationStream;
}): Logger =>
  pino(
    {
      level: options.level,
      base: { service: options.name },
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        err: pino.stdSerializers.err,
        req: (req: RequestLike) => ({ method: req.method, path: req.url?.split('?')[0] }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
