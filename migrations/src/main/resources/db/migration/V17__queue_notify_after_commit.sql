-- Version 17: a new run's notification leaves its transaction.

-- V14's trigger on INSERT made every submission's transaction notify run_queued. A transaction that
-- notifies takes PostgreSQL's one notification lock at commit and holds it until it ends, so the
-- commits (and WAL flushes) of concurrent submissions ran one after another: 64 connections
-- inserting run rows managed half the rate they reach without it. The platform inserts runs in one
-- place (RunRows), which now announces them after its transaction commits (QueueAnnouncer: this
-- replica at once, the others by one NOTIFY per burst). The trigger on a status change back to
-- QUEUED stays: release and requeue are rare, and may come from anywhere.
DROP TRIGGER run_queued_on_insert ON run;
