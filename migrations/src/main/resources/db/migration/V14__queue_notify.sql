-- Version 14: several platform replicas on one database behave as one.

-- A run that becomes claimable wakes the claims long-polling on every replica (each replica
-- LISTENs on run_queued). A trigger, so that every path that queues a run (submit, sweep, seeds,
-- rerun, release, reaper requeue, ...) notifies without anyone having to remember it. PostgreSQL
-- folds identical notifications of one transaction into one, so a sweep of 10,000 runs sends one,
-- and delivers them only at commit, so a woken claim finds the run. A run whose backoff
-- (not_before) passes becomes claimable without an event: the claim's periodic re-check finds it.
CREATE FUNCTION notify_run_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('run_queued', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER run_queued_on_insert AFTER INSERT ON run
    FOR EACH ROW WHEN (NEW.status = 'QUEUED') EXECUTE FUNCTION notify_run_queued();
CREATE TRIGGER run_queued_on_update AFTER UPDATE OF status ON run
    FOR EACH ROW WHEN (NEW.status = 'QUEUED') EXECUTE FUNCTION notify_run_queued();

-- Failed portal sign-ins per username (lower case), a token bucket shared by every replica: a
-- guesser spreading attempts over replicas gets no more than against one. tokens: attempts left
-- as of updated_at; they refill with time (SignInThrottle). A row whose bucket is full again
-- means nothing and is purged.
CREATE TABLE sign_in_throttle (
    username   text             PRIMARY KEY CHECK (length(username) <= 200),
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);
