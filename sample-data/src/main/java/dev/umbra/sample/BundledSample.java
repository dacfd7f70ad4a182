package dev.umbra.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The dataset that ships with Umbra: 1,000 training and 200 test images per class of
 * Fashion-MNIST, as gzip'ed IDX files (see sample-data/README.md for the source and checksums).
 */
public final class BundledSample {

    public static final String NAME = "fashion-mnist-sample";
    public static final String FORMAT = "idx";
    public static final List<String> CLASS_NAMES = List.of("t-shirt/top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle boot");
    public static final int CHANNELS = 1;
    public static final int HEIGHT = 28;
    public static final int WIDTH = 28;
    public static final int TRAIN_COUNT = 10_000;
    public static final int TEST_COUNT = 2_000;
    /** Clothes: a mirrored shirt is still a shirt. */
    public static final boolean HFLIP_PRESERVES_LABELS = true;
    public static final List<String> FILES = List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");

    private static final String RESOURCE_DIR = "/dev/umbra/sample/" + NAME + "/";

    private BundledSample() {
    }

    /**
     * Copies the sample's files into {@code dir} (created if needed) and returns it. Each file is
     * written aside and renamed into place, so platforms sharing a data directory may extract at the
     * same time while another serves the files: a reader sees the old file or the new one, never
     * half of one.
     */
    public static Path extractTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String file : FILES) {
                try (InputStream in = BundledSample.class.getResourceAsStream(RESOURCE_DIR + file)) {
                    if (in == null) {
                        throw new IllegalStateException("bundled sample file missing from the classpath: " + file);
                    }
                    // Beside the directory, not in it: a file in it would enter the manifest of a
                    // platform computing the checksum right now.
                    Path part = Files.createTempFile(dir.toAbsolutePath().getParent(), "." + NAME + "-" + file, ".part");
                    try {
                        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(part, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled sample to " + dir, e);
        }
    }
}
