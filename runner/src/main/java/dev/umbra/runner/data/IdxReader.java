package dev.umbra.runner.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: a big-endian int32 magic (0x00000803 for images of
 * rank 3, 0x00000801 for labels), one int32 per dimension, then unsigned bytes. Files may be gzip'ed
 * (detected from their first bytes, not their name).
 */
public final class IdxReader {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Whether {@code dir} holds IDX training files. */
    public static boolean detect(Path dir) {
        return find(dir, "train", "images-idx3-ubyte").isPresent();
    }

    /** Reads the train and test splits of an IDX directory (class names are the indices). */
    public static Dataset read(Path dir, String name, String checksum) {
        ImageSplit train = split(dir, "train");
        ImageSplit test = split(dir, "t10k", "test");
        int classes = Math.max(maxLabel(train), maxLabel(test)) + 1;
        List<String> names = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        return new Dataset(name, DatasetFormat.IDX, checksum, names, train, test);
    }

    private static ImageSplit split(Path dir, String... prefixes) {
        Path images = null;
        Path labels = null;
        for (String prefix : prefixes) {
            images = find(dir, prefix, "images-idx3-ubyte").orElse(null);
            labels = find(dir, prefix, "labels-idx1-ubyte").orElse(null);
            if (images != null) {
                break;
            }
        }
        String expected = prefixes[0] + "-images-idx3-ubyte[.gz]";
        if (images == null) {
            throw new DatasetFormatException(dir, "no " + expected + " file");
        }
        if (labels == null) {
            throw new DatasetFormatException(dir, "no labels file next to " + images.getFileName());
        }
        return readSplit(images, labels);
    }

    /** Reads one images file and its labels file, checking magic numbers, sizes and counts. */
    public static ImageSplit readSplit(Path imagesFile, Path labelsFile) {
        int[] imageDims = new int[3];
        byte[] pixels = readFile(imagesFile, IMAGES_MAGIC, imageDims);
        int[] labelDims = new int[1];
        byte[] labelBytes = readFile(labelsFile, LABELS_MAGIC, labelDims);
        if (imageDims[0] != labelDims[0]) {
            throw new DatasetFormatException(labelsFile, "holds " + labelDims[0] + " labels but "
                    + imagesFile.getFileName() + " holds " + imageDims[0] + " images");
        }
        int[] labels = new int[labelBytes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelBytes[i] & 0xFF;
        }
        return new ImageSplit(pixels, labels, 1, imageDims[1], imageDims[2]);
    }

    private static byte[] readFile(Path file, int magic, int[] dims) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(open(file), 1 << 16))) {
            int actual;
            try {
                actual = in.readInt();
            } catch (EOFException e) {
                throw new DatasetFormatException(file, "empty or shorter than its 4-byte header");
            }
            if (actual != magic) {
                throw new DatasetFormatException(file, String.format("bad magic number 0x%08X, expected 0x%08X (%s)",
                        actual, magic, magic == IMAGES_MAGIC ? "uint8 images of rank 3" : "uint8 labels"));
            }
            long total = 1;
            for (int d = 0; d < dims.length; d++) {
                try {
                    dims[d] = in.readInt();
                } catch (EOFException e) {
                    throw new DatasetFormatException(file, "truncated header (dimension " + d + " missing)");
                }
                if (dims[d] <= 0) {
                    throw new DatasetFormatException(file, "dimension " + d + " is " + dims[d]);
                }
                total *= dims[d];
            }
            if (total > Integer.MAX_VALUE - 64) {
                throw new DatasetFormatException(file, "too large: " + total + " bytes of data");
            }
            byte[] data = new byte[(int) total];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new DatasetFormatException(file, "truncated: header announces " + total + " data bytes, file holds "
                        + read);
            }
            if (in.read() != -1) {
                throw new DatasetFormatException(file, "longer than its header announces (" + total + " data bytes)");
            }
            return data;
        } catch (ZipException | EOFException e) {
            throw new DatasetFormatException(file, "corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static Optional<Path> find(Path dir, String prefix, String kind) {
        for (String sep : new String[] {"-", "."}) {
            for (String suffix : new String[] {"", ".gz"}) {
                Path p = dir.resolve(prefix + sep + kind + suffix);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static int maxLabel(ImageSplit split) {
        return IntStream.of(split.labels()).max().orElse(-1);
    }
}
