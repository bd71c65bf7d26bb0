-- Up Migration
-- A statement that checks its own effect: `SELECT relais_expect_rows(count(*), 1, 'why') FROM
-- (UPDATE … RETURNING 1)`-style CTEs fail in PostgreSQL when the count is not the one expected.
-- The check then needs no answer in the application before the COMMIT may go: a failure aborts
-- the transaction, and the COMMIT sent right behind answers ROLLBACK (messaging's writeLater).
-- The message comes from the code, never from input.
CREATE FUNCTION relais_expect_rows(actual bigint, expected bigint, message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF actual IS DISTINCT FROM expected THEN
    RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = message,
      DETAIL = format('%s rows where %s were expected', actual, expected);
  END IF;
END
$$;

-- Down Migration
DROP FUNCTION relais_expect_rows(bigint, bigint, text);
