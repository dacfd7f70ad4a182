-- Version 20: the same checks on a run's hashes, without a regular expression.

-- Matching '^[0-9a-f]{64}$' twice per row was a quarter of a new run row's cost: a copy of 10,000
-- sweep runs took 505-555 ms with the two regex checks, 390-415 ms with these, 356-394 ms with no
-- check at all (bench/sweeps/RESULTS.md). What they accept is the same: 64 bytes, and nothing left
-- once the lowercase hex digits are trimmed (a multi-byte character would fail both).
ALTER TABLE run DROP CONSTRAINT run_config_hash_check,
                DROP CONSTRAINT run_run_hash_check,
                ADD CONSTRAINT run_config_hash_check
                    CHECK (octet_length(config_hash) = 64 AND ltrim(config_hash, '0123456789abcdef') = ''),
                ADD CONSTRAINT run_run_hash_check
                    CHECK (octet_length(run_hash) = 64 AND ltrim(run_hash, '0123456789abcdef') = '');
