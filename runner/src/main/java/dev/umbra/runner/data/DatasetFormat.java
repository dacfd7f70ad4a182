package dev.umbra.runner.data;

import java.util.Arrays;
import java.util.Optional;

/** On-disk dataset layouts the runner reads. */
public enum DatasetFormat {
    /** MNIST-family IDX files, raw or gzip: {@code train-images-idx3-ubyte[.gz]}, {@code t10k-...} or {@code test-...}. */
    IDX("idx"),
    /** CIFAR-10 binary: {@code data_batch_1..5.bin} and {@code test_batch.bin}, records of 1 label + 3072 bytes. */
    CIFAR10("cifar10"),
    /** CIFAR-100 binary: {@code train.bin} and {@code test.bin}, records of coarse + fine label + 3072 bytes (fine labels used). */
    CIFAR100("cifar100"),
    /** {@code train/<class>/*.png|jpg} and {@code test/<class>/*}; class index by sorted folder name. */
    IMAGE_FOLDER("image-folder");

    private final String id;

    DatasetFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<DatasetFormat> fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
