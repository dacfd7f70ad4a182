-- Version 11: the final number of a run on a (protocol, metric) is the one of the latest epoch
-- evaluated. Results are final-epoch numbers by design, never a best epoch picked on the test split.
-- Every reader of final results reads this view, so the rule has one owner.
-- Filter it on its DISTINCT ON columns (run_id, protocol, metric): PostgreSQL pushes such filters
-- into the view and reads eval_result's indexes. A join on run_id is not pushed down (the whole
-- table would be deduplicated first), so a reader that joins runs filters with
-- run_id = ANY(ARRAY(SELECT id FROM ...)) as well.
CREATE VIEW final_eval_result AS
SELECT DISTINCT ON (run_id, protocol, metric) run_id, protocol, metric, epoch, value
FROM eval_result
ORDER BY run_id, protocol, metric, epoch DESC;
