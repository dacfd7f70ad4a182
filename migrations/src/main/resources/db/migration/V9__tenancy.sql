-- Version 9: tenancy that holds. Runner tokens belong to a team (or, minted by a platform
-- administrator, to the platform); users may be platform administrators; adding an existing user
-- to a team is an invitation they accept; names that other teams use are no longer global.

-- A platform administrator mints platform runner tokens, collects blobs and adds users to any team.
-- The first admin of the team 'default' (the embedded default's first user) holds it.
ALTER TABLE app_user ADD COLUMN platform_admin boolean NOT NULL DEFAULT false;
UPDATE app_user SET platform_admin = true WHERE id = (
    SELECT min(m.user_id) FROM team_member m
    WHERE m.role = 'admin' AND m.team_id = (SELECT min(id) FROM team WHERE name = 'default'));

-- Runner tokens: a team (claims only that team's runs) or none (a platform runner token, claims any
-- team's). Tokens minted before this version were platform-wide whoever minted them: revoked, so
-- that none keeps reading other teams' runs; mint team or platform runner tokens anew.
UPDATE api_token SET revoked_at = now() WHERE kind = 'runner' AND revoked_at IS NULL;
ALTER TABLE api_token DROP CONSTRAINT api_token_owner_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_owner_check
    CHECK ((kind = 'runner') = (user_id IS NULL) AND (kind = 'runner' OR team_id IS NOT NULL));
CREATE INDEX api_token_runner_team_idx ON api_token (team_id) WHERE kind = 'runner';

-- A runner's name is unique per token, so one team's runner names say nothing to another team.
ALTER TABLE runner DROP CONSTRAINT runner_name_key;
ALTER TABLE runner ADD CONSTRAINT runner_token_name_key UNIQUE (token_id, name);

-- Team names are shown only to members: two teams may share a name (creating a team must not
-- reveal that another team has that name).
ALTER TABLE team DROP CONSTRAINT team_name_key;

-- An admin adds an existing user of other teams by invitation; the user accepts or declines.
CREATE TABLE team_invitation (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id     bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    user_id     bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('viewer', 'member', 'admin')),
    invited_by  bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, user_id)
);
CREATE INDEX team_invitation_user_idx ON team_invitation (user_id);

-- Runners fetch a dataset by (team, checksum).
CREATE INDEX dataset_team_checksum_idx ON dataset (team_id, checksum);
