-- Version 4: sweeps (a base spec, axes and seeds expanded into runs) and what comparison reads fast.

CREATE TABLE sweep (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id  bigint      NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    team_id        bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    kind           text        NOT NULL DEFAULT 'sweep' CHECK (kind IN ('sweep', 'benchmark-suite')),
    spec           jsonb       NOT NULL,  -- the sweep as submitted; seeds added later are appended to its seeds
    cancelled_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sweep_experiment_idx ON sweep (experiment_id, id DESC);
CREATE INDEX sweep_team_idx ON sweep (team_id, id DESC);

-- One row per expanded run, in the sweep's order. A reused run (its run hash had already
-- succeeded, or an earlier position of the sweep has the same hash) points at that run.
CREATE TABLE sweep_run (
    sweep_id  bigint  NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    position  int     NOT NULL CHECK (position >= 0),
    run_id    bigint  NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    reused    boolean NOT NULL,
    params    jsonb   NOT NULL,  -- axis path -> the value this run got
    PRIMARY KEY (sweep_id, position)
);
CREATE INDEX sweep_run_run_idx ON sweep_run (run_id);

-- Leaderboards group by (dataset, backbone, epoch budget): the budget lives in the resolved spec,
-- so it is kept as a column PostgreSQL derives itself (no writer can forget it).
ALTER TABLE run ADD COLUMN epochs int GENERATED ALWAYS AS ((resolved_spec ->> 'epochs')::int) STORED;
CREATE INDEX run_succeeded_board_idx ON run (team_id, dataset_id, backbone, epochs) WHERE status = 'SUCCEEDED';
-- Reuse looks up succeeded runs by hash.
CREATE INDEX run_succeeded_hash_idx ON run (team_id, run_hash) WHERE status = 'SUCCEEDED';

-- The final number of each (run, protocol, metric) is the one of the latest epoch: an index-only
-- scan in that order serves every comparison without touching the table.
CREATE INDEX eval_result_final_idx ON eval_result (protocol, metric, run_id, epoch DESC) INCLUDE (value);
