-- Version 2: what the runner protocol needs. Tokens (hashed), runners tied to the token that
-- registered them, lost-lease accounting separate from the attempt (the fencing token), and the
-- log tail a runner reports for the portal.

CREATE TABLE api_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('user', 'runner')),
    name          text        NOT NULL,
    token_hash    text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),  -- SHA-256 of the secret
    team_id       bigint      REFERENCES team (id) ON DELETE CASCADE,                 -- null: a platform-wide runner token
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz
);

ALTER TABLE runner ADD COLUMN token_id bigint REFERENCES api_token (id) ON DELETE CASCADE;
ALTER TABLE runner ADD COLUMN current_run_id bigint REFERENCES run (id) ON DELETE SET NULL;

-- attempt counts claims and fences stale runners; failures counts leases lost to the reaper,
-- which is what max_attempts limits (a runner that hands its run back on shutdown is not a failure).
ALTER TABLE run ADD COLUMN failures int NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN log_tail text NOT NULL DEFAULT '';

CREATE INDEX run_lease_idx ON run (lease_expires_at) WHERE status IN ('LEASED', 'RUNNING');
