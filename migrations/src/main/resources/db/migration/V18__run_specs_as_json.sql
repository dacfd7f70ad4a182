-- Version 18: a run's two specs are json, not jsonb.

-- Parsing the specs into jsonb was half of what a run row cost PostgreSQL to insert (the resolved
-- spec is about 1,600 characters): a sweep of 10,000 runs paid about 0.5 s of CPU for it, while
-- json only checks the text and keeps it (bench/sweeps/RESULTS.md, "what a run row costs"). The
-- platform reads the specs in SQL as text only, and through epochs below (->> works on json).
-- The generated column and its index depend on resolved_spec: they are dropped and made again.
DROP INDEX run_succeeded_board_idx;
ALTER TABLE run DROP COLUMN epochs;
ALTER TABLE run ALTER COLUMN spec TYPE json USING spec::json,
                ALTER COLUMN resolved_spec TYPE json USING resolved_spec::json;
ALTER TABLE run ADD COLUMN epochs int GENERATED ALWAYS AS ((resolved_spec ->> 'epochs')::int) STORED;
CREATE INDEX run_succeeded_board_idx ON run (team_id, dataset_id, backbone, epochs)
    INCLUDE (id, config_hash, method, experiment_id, seed) WHERE status = 'SUCCEEDED';
