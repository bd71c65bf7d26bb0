import { z } from 'zod';

/** Where a keyset page starts: the sort key and id of the previous page's last item. */
export interface CursorPosition {
  readonly key: string;
  readonly id: string;
}

const position = z.tuple([z.string().max(300), z.uuid()]);

/** An opaque cursor (base64url JSON), so clients never build one. */
export const encodeCursor = (at: CursorPosition): string =>
  Buffer.from(JSON.stringify([at.key, at.id])).toString('base64url');

/** The position a cursor names, or undefined when it is not one of ours or its key is not `validKey`. */
export const decodeCursor = (
  cursor: string,
  validKey: (key: string) => boolean,
): CursorPosition | undefined => {
  try {
    const parsed = position.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success && validKey(parsed.data[0])
      ? { key: parsed.data[0], id: parsed.data[1] }
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The `cursor` query parameter of a list: refused with a 400 naming `querystring.cursor` when it
 * is not a cursor of this list. `offset` still applies after it (skip within the next page).
 */
export const cursorParam = (validKey: (key: string) => boolean) =>
  z
    .string()
    .max(600)
    .refine((c) => decodeCursor(c, validKey) !== undefined, 'not a cursor of this list')
    .optional();

/** A page of a list: the items and the cursor of the next page, null on the last. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
