-- Version 12: a run's whole log, line by line per attempt, as its runner numbered them. Heartbeats
-- carry the lines not yet acknowledged; a resent line (an answer lost on the way) is the same row.
-- run.log_tail stays the quick view of the last lines.
CREATE TABLE run_log (
    run_id   bigint NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    attempt  int    NOT NULL CHECK (attempt >= 1),
    line_no  int    NOT NULL CHECK (line_no >= 0),
    text     text   NOT NULL,
    PRIMARY KEY (run_id, attempt, line_no)
);
