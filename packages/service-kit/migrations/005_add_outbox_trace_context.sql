-- Up Migration
-- The W3C trace context (traceparent, tracestate) of the transaction that wrote the row: the
-- relay publishes later, maybe from another process, and puts it on the Kafka message so the
-- consumer continues the same trace. NULL when tracing is off. Here, not among the messaging
-- migrations: those share the service's migrations table (checkOrder), where a new 00x file
-- would sort before migrations already run.
ALTER TABLE outbox ADD COLUMN trace_context jsonb;

-- Down Migration
ALTER TABLE outbox DROP COLUMN trace_context;
