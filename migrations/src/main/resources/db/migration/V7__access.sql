-- Version 7: access. Users belong to teams with a role, sign in with a password (portal) or use
-- tokens (REST); a token acts for one team with a scope; sessions are tokens too (kind 'session',
-- carried in a cookie); state-changing actions are audited.

-- PBKDF2 hash ("pbkdf2-sha256$<iterations>$<salt>$<hash>"); null: the user signs in with tokens only.
ALTER TABLE app_user ADD COLUMN password_hash text;

CREATE TABLE team_member (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id     bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    user_id     bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('viewer', 'member', 'admin')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, user_id)
);
CREATE INDEX team_member_user_idx ON team_member (user_id);

ALTER TABLE api_token DROP CONSTRAINT api_token_kind_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_kind_check CHECK (kind IN ('user', 'runner', 'session'));
ALTER TABLE api_token ADD COLUMN user_id bigint REFERENCES app_user (id) ON DELETE CASCADE;
-- What a user token may do at most (read: viewer, write: member, admin: admin); sessions and runner tokens have none.
ALTER TABLE api_token ADD COLUMN scope text CHECK (scope IN ('read', 'write', 'admin'));
-- User tokens and sessions belong to a user and a team; runner tokens to neither.
ALTER TABLE api_token ADD CONSTRAINT api_token_owner_check
    CHECK ((kind = 'runner') = (user_id IS NULL) AND (kind = 'runner') = (team_id IS NULL)) NOT VALID;
CREATE INDEX api_token_user_idx ON api_token (user_id);

CREATE TABLE audit_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id     bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    user_id     bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    token_id    bigint      REFERENCES api_token (id) ON DELETE SET NULL,
    actor       text        NOT NULL,  -- the username, kept when the user is deleted
    method      text        NOT NULL,  -- what: the HTTP method and path, e.g. POST /api/v1/experiments/3/runs
    path        text        NOT NULL,
    status      int         NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_team_idx ON audit_event (team_id, id DESC);
