-- The claim takes each team's best queued run (priority, then age) straight off this index, instead
-- of sorting the whole queue for every claim.
CREATE INDEX run_queued_team_idx ON run (team_id, priority DESC, id) WHERE status = 'QUEUED';
