package dev.umbra.runner.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads the binary CIFAR releases. CIFAR-10: {@code data_batch_1..5.bin} and {@code test_batch.bin},
 * records of 1 label byte + 3,072 pixel bytes (1,024 per channel, R then G then B), class names in
 * {@code batches.meta.txt}. CIFAR-100: {@code train.bin} and {@code test.bin}, records of a coarse and a
 * fine label byte + 3,072 pixel bytes; the fine label (100 classes) is used, names in
 * {@code fine_label_names.txt}. The files may sit in the directory or in its {@code cifar-10-batches-bin/}
 * or {@code cifar-100-binary/} sub-directory.
 */
public final class CifarReader {

    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;

    private CifarReader() {
    }

    public static boolean detect(Path dir, DatasetFormat format) {
        Path root = root(dir, format);
        return format == DatasetFormat.CIFAR10
                ? Files.isRegularFile(root.resolve("data_batch_1.bin"))
                : Files.isRegularFile(root.resolve("train.bin")) && Files.isRegularFile(root.resolve("test.bin"));
    }

    public static Dataset read(Path dir, String name, String checksum, DatasetFormat format) {
        Path root = root(dir, format);
        boolean cifar10 = format == DatasetFormat.CIFAR10;
        int classes = cifar10 ? 10 : 100;
        List<Path> trainFiles = new ArrayList<>();
        if (cifar10) {
            for (int i = 1; i <= 5; i++) {
                trainFiles.add(root.resolve("data_batch_" + i + ".bin"));
            }
        } else {
            trainFiles.add(root.resolve("train.bin"));
        }
        Path testFile = root.resolve(cifar10 ? "test_batch.bin" : "test.bin");
        ImageSplit train = readSplit(trainFiles, cifar10 ? 1 : 2, classes);
        ImageSplit test = readSplit(List.of(testFile), cifar10 ? 1 : 2, classes);
        List<String> names = classNames(root.resolve(cifar10 ? "batches.meta.txt" : "fine_label_names.txt"), classes);
        return new Dataset(name, format, checksum, names, train, test);
    }

    /**
     * @param labelBytes bytes before the pixels in each record; the last of them is the label used
     */
    static ImageSplit readSplit(List<Path> files, int labelBytes, int classes) {
        int record = labelBytes + PIXELS;
        List<byte[]> contents = new ArrayList<>();
        int total = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new DatasetFormatException(file, "missing");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new DatasetFormatException(file, "truncated or not CIFAR binary: " + bytes.length
                        + " bytes is not a whole number of " + record + "-byte records");
            }
            for (int offset = labelBytes - 1; offset < bytes.length; offset += record) {
                int label = bytes[offset] & 0xFF;
                if (label >= classes) {
                    throw new DatasetFormatException(file, "label " + label + " in record " + offset / record
                            + " is out of range 0.." + (classes - 1));
                }
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        byte[] pixels = new byte[total * PIXELS];
        int[] labels = new int[total];
        int n = 0;
        for (byte[] bytes : contents) {
            for (int offset = 0; offset < bytes.length; offset += record, n++) {
                labels[n] = bytes[offset + labelBytes - 1] & 0xFF;
                System.arraycopy(bytes, offset + labelBytes, pixels, n * PIXELS, PIXELS);
            }
        }
        return new ImageSplit(pixels, labels, 3, SIDE, SIDE);
    }

    private static List<String> classNames(Path file, int classes) {
        if (Files.isRegularFile(file)) {
            try {
                List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                if (names.size() == classes) {
                    return names;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }

    private static Path root(Path dir, DatasetFormat format) {
        Path nested = dir.resolve(format == DatasetFormat.CIFAR10 ? "cifar-10-batches-bin" : "cifar-100-binary");
        return Files.isDirectory(nested) ? nested : dir;
    }
}
