-- Version 3: dataset formats as the runner reads them (CIFAR-10 and CIFAR-100 binaries differ in
-- layout and label width, so each is its own format).
ALTER TABLE dataset DROP CONSTRAINT dataset_format_check;
UPDATE dataset SET format = 'cifar10' WHERE format = 'cifar-binary';
ALTER TABLE dataset ADD CONSTRAINT dataset_format_check CHECK (format IN ('idx', 'cifar10', 'cifar100', 'image-folder'));
