-- The runner pods the Kubernetes launcher started, as it last saw them. Kubernetes stays the source
-- of truth (a launcher that restarts finds its Jobs by their labels); this snapshot lets every API
-- replica show the pods (GET /api/v1/runners/pods, the queue page) and remembers, across restarts
-- and after Kubernetes has cleaned a Job up, which launches failed, so that a run whose pods keep
-- failing is launched again only after a backoff. Rows not seen for a while are deleted.
CREATE TABLE launched_pod (
    job_name      text        PRIMARY KEY,
    run_id        bigint      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    team_id       bigint      NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    launch        int         NOT NULL,
    phase         text        NOT NULL CHECK (phase IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'DELETED')),
    -- true when this launch did not get its run trained: the pod failed, never scheduled, or ended
    -- while the run was still queued
    failed_launch boolean     NOT NULL DEFAULT false,
    reason        text,
    launched_at   timestamptz NOT NULL,
    observed_at   timestamptz NOT NULL
);
CREATE INDEX launched_pod_run_idx ON launched_pod (run_id);
CREATE INDEX launched_pod_team_idx ON launched_pod (team_id, launched_at DESC);
