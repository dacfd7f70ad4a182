-- Version 19: what every new run row paid for and did not need (bench/sweeps/RESULTS.md).

-- epochs was generated from resolved_spec: PostgreSQL parsed each run's 1,400-character spec a
-- second time to find it. The one writer of run rows (RunRows) now writes it from the same
-- resolved spec; NOT NULL keeps it from being forgotten.
DROP INDEX run_succeeded_board_idx;
ALTER TABLE run DROP COLUMN epochs;
ALTER TABLE run ADD COLUMN epochs int;
UPDATE run SET epochs = (resolved_spec ->> 'epochs')::int;
ALTER TABLE run ALTER COLUMN epochs SET NOT NULL;
CREATE INDEX run_succeeded_board_idx ON run (team_id, dataset_id, backbone, epochs)
    INCLUDE (id, config_hash, method, experiment_id, seed) WHERE status = 'SUCCEEDED';

-- Most runs (every run of a sweep) have no Idempotency-Key: they need no entry in its unique index.
ALTER TABLE run DROP CONSTRAINT run_experiment_id_idempotency_key_key;
CREATE UNIQUE INDEX run_idempotency_key_idx ON run (experiment_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- A position's axis values are only ever read back as text: json keeps the text, jsonb parsed it.
ALTER TABLE sweep_run ALTER COLUMN params TYPE json USING params::json;
