package dev.umbra.runner.data;

import java.util.List;

/**
 * A labelled image dataset with a train and a test split, as a run trains and evaluates on it.
 *
 * @param name       what the spec called it
 * @param format     the on-disk format it was read from
 * @param checksum   SHA-256 of its {@link dev.umbra.client.dataset.DatasetManifest} (the dataset's identity)
 * @param classNames class index to name
 */
public record Dataset(String name, DatasetFormat format, String checksum, List<String> classNames,
                      ImageSplit train, ImageSplit test) {

    public int numClasses() {
        return classNames.size();
    }
}
