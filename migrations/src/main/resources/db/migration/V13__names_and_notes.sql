-- Version 13: what people call runs and configurations, and what they note about them. A
-- configuration (config_hash: everything but the seed) is named per team, once for all its seeds.
ALTER TABLE run ADD COLUMN name text NOT NULL DEFAULT '' CHECK (length(name) <= 200);
ALTER TABLE run ADD COLUMN notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000);

CREATE TABLE configuration_note (
    team_id     bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    config_hash text        NOT NULL CHECK (config_hash ~ '^[0-9a-f]{64}$'),
    name        text        NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    notes       text        NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, config_hash)
);
