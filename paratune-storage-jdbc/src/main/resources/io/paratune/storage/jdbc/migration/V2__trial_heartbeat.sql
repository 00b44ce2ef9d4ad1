-- Paratune storage schema, version 2: the last heartbeat of a RUNNING trial (nanoseconds since
-- the epoch); NULL until the first beat, when the start time counts.

ALTER TABLE paratune_trial ADD COLUMN heartbeat_ns BIGINT;

UPDATE paratune_meta SET meta_value = '2' WHERE meta_key = 'schema_version';
