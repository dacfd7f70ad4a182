-- Version 10: facts a dataset declares that runs on it depend on. Whether a horizontal flip keeps an
-- image's label decides whether recipes may flip; every dataset registered so far is photos or
-- clothes, whose flips keep their labels, hence the default.
ALTER TABLE dataset ADD COLUMN hflip_preserves_labels boolean NOT NULL DEFAULT true;
