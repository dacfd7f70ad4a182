-- Garbage collection of blobs: when a collection first saw the blob unreferenced (NULL while some
-- artifact refers to it). Recording an artifact clears it under the blob's row lock, so a blob is
-- deleted only after it stayed unreferenced for the whole grace period.
ALTER TABLE blob ADD COLUMN orphaned_at timestamptz;
CREATE INDEX blob_orphaned_idx ON blob (orphaned_at) WHERE orphaned_at IS NOT NULL;
