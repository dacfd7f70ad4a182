package dev.umbra.runner.data;

import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.sample.BundledSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Finds the dataset of an offline run: the name {@value BundledSample#NAME} is the bundled sample
 * (extracted once into a cache directory); any other name is a directory under the data root, or an
 * explicit path overrides both. The format is detected from the directory's layout unless given.
 */
public final class DatasetResolver {

    private final Path cacheDir;
    private final Path dataRoot;

    /**
     * @param cacheDir where the bundled sample is extracted
     * @param dataRoot where other dataset names are looked up, as {@code <dataRoot>/<name>}
     */
    public DatasetResolver(Path cacheDir, Path dataRoot) {
        this.cacheDir = cacheDir;
        this.dataRoot = dataRoot;
    }

    /** Loads the dataset {@code name} (the bundled sample, or {@code <dataRoot>/<name>}). */
    public Dataset resolve(String name) {
        if (BundledSample.NAME.equals(name)) {
            Path dir = cacheDir.resolve(BundledSample.NAME);
            if (!Files.isDirectory(dir) || !sampleComplete(dir)) {
                BundledSample.extractTo(dir);
            }
            Dataset idx = IdxReader.read(dir, name, DatasetManifest.of(dir).checksum());
            return new Dataset(idx.name(), idx.format(), idx.checksum(), BundledSample.CLASS_NAMES, idx.train(), idx.test());
        }
        return load(dataRoot.resolve(name), name, null);
    }

    /**
     * Loads the dataset at {@code dir}.
     *
     * @param format null to detect it from the layout
     */
    public static Dataset load(Path dir, String name, DatasetFormat format) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetFormatException(dir, "no such dataset directory");
        }
        DatasetFormat actual = format != null ? format : detect(dir);
        String checksum = DatasetManifest.of(dir).checksum();
        Dataset dataset = switch (actual) {
            case IDX -> IdxReader.read(dir, name, checksum);
            case CIFAR10, CIFAR100 -> CifarReader.read(dir, name, checksum, actual);
            case IMAGE_FOLDER -> ImageFolderReader.read(dir, name, checksum);
        };
        // Refused before a run trains on it, not after: every evaluation protocol tells classes apart.
        long classes = Arrays.stream(dataset.train().labels()).distinct().count();
        if (classes < 2) {
            throw new DatasetFormatException(dir, "its training images hold " + classes
                    + " class; a dataset needs at least 2 for any evaluation");
        }
        return dataset;
    }

    /** The format of the dataset in {@code dir}, from the files it holds. */
    public static DatasetFormat detect(Path dir) {
        if (IdxReader.detect(dir)) {
            return DatasetFormat.IDX;
        }
        if (CifarReader.detect(dir, DatasetFormat.CIFAR10)) {
            return DatasetFormat.CIFAR10;
        }
        if (CifarReader.detect(dir, DatasetFormat.CIFAR100)) {
            return DatasetFormat.CIFAR100;
        }
        if (ImageFolderReader.detect(dir)) {
            return DatasetFormat.IMAGE_FOLDER;
        }
        throw new DatasetFormatException(dir, "unknown dataset layout: expected IDX files (train-images-idx3-ubyte[.gz]),"
                + " CIFAR-10 binary (data_batch_1.bin), CIFAR-100 binary (train.bin, test.bin) or image folders"
                + " (train/<class>/*.png|jpg)");
    }

    private static boolean sampleComplete(Path dir) {
        return BundledSample.FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }
}
