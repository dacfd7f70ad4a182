-- Version 19: what every new run row paid for and did not need (bench/sweeps/RESULTS.md).

-- A run's resolved spec (about 1,400 characters) is stored once per configuration: the runs of one
-- configuration (a sweep's seeds of it) differ in the seed only, so the text is kept around the seed,
-- head || seed || tail, and run_resolved_spec below puts each run's seed in. Written per run, the
-- text was most of what a 10,000-run sweep's insert cost PostgreSQL. The texts belong to their
-- experiment (deleted with it); RunService.delete removes a text its last run leaves.
CREATE TABLE resolved_spec (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id bigint NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    head          text   NOT NULL,
    tail          text   -- NULL: head is the whole text (a migrated run whose text does not end with its seed)
);

-- One text per existing run; a run written by the platform ends with "seed":<its seed>}.
INSERT INTO resolved_spec (id, experiment_id, head, tail) OVERRIDING SYSTEM VALUE
SELECT id, experiment_id,
       CASE WHEN ends THEN left(text, length(text) - length(seed::text || '}')) ELSE text END,
       CASE WHEN ends THEN '}' END
FROM (SELECT id, experiment_id, seed, resolved_spec::text AS text,
             resolved_spec::text LIKE '%"seed":' || seed || '}' AS ends FROM run) r;
SELECT setval(pg_get_serial_sequence('resolved_spec', 'id'), coalesce(max(id), 0) + 1, false) FROM resolved_spec;

-- epochs was generated from resolved_spec: PostgreSQL parsed each run's spec a second time to find
-- it. The one writer of run rows (RunRows) now writes it; NOT NULL keeps it from being forgotten.
DROP INDEX run_succeeded_board_idx;
ALTER TABLE run RENAME COLUMN epochs TO generated_epochs;
ALTER TABLE run ADD COLUMN epochs int, ADD COLUMN resolved_spec_id bigint;
UPDATE run SET epochs = generated_epochs, resolved_spec_id = id;
ALTER TABLE run DROP COLUMN generated_epochs,
                DROP COLUMN resolved_spec,
                ALTER COLUMN epochs SET NOT NULL,
                ALTER COLUMN resolved_spec_id SET NOT NULL,
                ADD FOREIGN KEY (resolved_spec_id) REFERENCES resolved_spec (id);
CREATE INDEX run_succeeded_board_idx ON run (team_id, dataset_id, backbone, epochs)
    INCLUDE (id, config_hash, method, experiment_id, seed) WHERE status = 'SUCCEEDED';
-- Deleting a text (its experiment's deletion) looks for runs that still use it.
CREATE INDEX run_resolved_spec_idx ON run (resolved_spec_id);

-- A run's resolved spec, as the platform wrote it: read it as run_resolved_spec(r.resolved_spec_id, r.seed).
CREATE FUNCTION run_resolved_spec(resolved_spec_id bigint, seed bigint) RETURNS json
    LANGUAGE sql STABLE STRICT
    AS $$ SELECT (CASE WHEN tail IS NULL THEN head ELSE head || $2 || tail END)::json FROM resolved_spec WHERE id = $1 $$;

-- Most runs (every run of a sweep) have no Idempotency-Key: they need no entry in its unique index.
ALTER TABLE run DROP CONSTRAINT run_experiment_id_idempotency_key_key;
CREATE UNIQUE INDEX run_idempotency_key_idx ON run (experiment_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- A position's axis values are only ever read back as text: json keeps the text, jsonb parsed it.
ALTER TABLE sweep_run ALTER COLUMN params TYPE json USING params::json;
