-- Umbra schema, version 1. Flyway is the only source of the schema; Hibernate validates against it.
-- Times are timestamptz (UTC on the wire). Ids are bigint identities.

CREATE TABLE team (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- Every install has one team until teams are managed (the security issue).
INSERT INTO team (name) VALUES ('default');

CREATE TABLE app_user (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id       bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    username      text        NOT NULL UNIQUE,
    display_name  text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_team_idx ON app_user (team_id);

CREATE TABLE dataset (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id      bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    format       text        NOT NULL CHECK (format IN ('idx', 'cifar-binary', 'image-folder')),
    num_classes  int         NOT NULL CHECK (num_classes BETWEEN 2 AND 100000),
    class_names  jsonb       NOT NULL DEFAULT '[]',
    channels     int         NOT NULL CHECK (channels IN (1, 3)),
    height       int         NOT NULL CHECK (height BETWEEN 8 AND 4096),
    width        int         NOT NULL CHECK (width BETWEEN 8 AND 4096),
    train_count  int,
    test_count   int,
    checksum     text        NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),  -- SHA-256 of its manifest
    location     text        NOT NULL,  -- where the platform reads the bytes from
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, name)
);

CREATE TABLE experiment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id      bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    tags         text[]      NOT NULL DEFAULT '{}',
    archived     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
-- Listing is keyset-paged by id within a team; name search and tag filters narrow it.
CREATE INDEX experiment_team_idx ON experiment (team_id, id DESC);
CREATE INDEX experiment_tags_idx ON experiment USING gin (tags);

CREATE TABLE runner (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text        NOT NULL UNIQUE,
    version            text,
    hostname           text,
    gpus               int         NOT NULL DEFAULT 0,
    gpu_memory_gb      int         NOT NULL DEFAULT 0,
    labels             text[]      NOT NULL DEFAULT '{}',
    registered_at      timestamptz NOT NULL DEFAULT now(),
    last_heartbeat_at  timestamptz
);

CREATE TABLE run (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id      bigint      NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    team_id            bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    dataset_id         bigint      NOT NULL REFERENCES dataset (id) ON DELETE RESTRICT,
    spec               jsonb       NOT NULL,  -- as submitted
    resolved_spec      jsonb       NOT NULL,  -- canonical, every default filled in
    method             text        NOT NULL,
    backbone           text        NOT NULL,
    seed               bigint      NOT NULL,
    config_hash        text        NOT NULL CHECK (config_hash ~ '^[0-9a-f]{64}$'),
    run_hash           text        NOT NULL CHECK (run_hash ~ '^[0-9a-f]{64}$'),  -- not unique: reruns share it
    idempotency_key    text,
    -- Queue columns: written only by the scheduler, every change guarded by the attempt.
    status             text        NOT NULL DEFAULT 'QUEUED'
                       CHECK (status IN ('QUEUED', 'LEASED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    priority           int         NOT NULL DEFAULT 0,
    attempt            int         NOT NULL DEFAULT 0,
    max_attempts       int         NOT NULL DEFAULT 3,
    runner_id          bigint      REFERENCES runner (id) ON DELETE SET NULL,
    lease_expires_at   timestamptz,
    last_heartbeat_at  timestamptz,
    not_before         timestamptz,           -- backoff after a lost lease
    cancel_requested   boolean     NOT NULL DEFAULT false,
    requested_gpus     int         NOT NULL DEFAULT 0,
    requested_gpu_memory_gb int    NOT NULL DEFAULT 0,
    requested_labels   text[]      NOT NULL DEFAULT '{}',
    progress           jsonb,
    environment        jsonb,
    error              text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (experiment_id, idempotency_key)
);
CREATE INDEX run_experiment_idx ON run (experiment_id, id DESC);
CREATE INDEX run_team_idx ON run (team_id, id DESC);
CREATE INDEX run_config_hash_idx ON run (config_hash);
CREATE INDEX run_run_hash_idx ON run (run_hash);
-- The claim scans queued runs in priority, then age order.
CREATE INDEX run_queue_idx ON run (priority DESC, id) WHERE status = 'QUEUED';
CREATE INDEX run_active_idx ON run (team_id) WHERE status IN ('LEASED', 'RUNNING');

CREATE TABLE metric (
    run_id     bigint           NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    key        text             NOT NULL,
    step       bigint           NOT NULL,
    value      double precision NOT NULL,
    wall_time  timestamptz      NOT NULL,
    PRIMARY KEY (run_id, key, step)
);

-- The latest value of each series, for run tables and leaderboards without scanning the series.
CREATE TABLE metric_latest (
    run_id     bigint           NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    key        text             NOT NULL,
    step       bigint           NOT NULL,
    value      double precision NOT NULL,
    wall_time  timestamptz      NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE TABLE eval_result (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id           bigint           NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    epoch            int              NOT NULL,
    protocol         text             NOT NULL,  -- e.g. linear-probe/v1
    protocol_params  jsonb            NOT NULL,
    metric           text             NOT NULL,  -- e.g. top1
    value            double precision NOT NULL,
    details          jsonb            NOT NULL DEFAULT '{}',
    created_at       timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (run_id, protocol, metric, epoch)
);
CREATE INDEX eval_result_protocol_idx ON eval_result (protocol, metric);

-- Content-addressed blobs: stored once, however many artifacts refer to them.
CREATE TABLE blob (
    sha256      text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes  bigint      NOT NULL CHECK (size_bytes >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE artifact (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       bigint      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('checkpoint', 'encoder', 'embeddings', 'logs', 'report', 'dataset')),
    name         text        NOT NULL,
    blob_sha256  text        NOT NULL REFERENCES blob (sha256) ON DELETE RESTRICT,
    size_bytes   bigint      NOT NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (run_id, kind, name)
);
CREATE INDEX artifact_blob_idx ON artifact (blob_sha256);
