-- A rebuild whose topics no longer hold their oldest events (retention) carries those facts over
-- from the active generation instead of losing them: how many, and the day before which they were
-- carried, are kept with the generation.
ALTER TABLE read_model_generations
  ADD COLUMN facts_carried_over bigint NOT NULL DEFAULT 0,
  ADD COLUMN carried_over_before timestamptz;
