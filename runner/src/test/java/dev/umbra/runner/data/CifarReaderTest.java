package dev.umbra.runner.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsCifar10BatchesInOrderWithTheirClassNames() throws IOException {
        Path root = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int b = 1; b <= 5; b++) {
            Files.write(root.resolve("data_batch_" + b + ".bin"), records(1, new int[] {b, b + 1}));
        }
        Files.write(root.resolve("test_batch.bin"), records(1, new int[] {9}));
        Files.writeString(root.resolve("batches.meta.txt"),
                "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");

        assertThat(DatasetResolver.detect(dir)).isEqualTo(DatasetFormat.CIFAR10);
        Dataset d = DatasetResolver.load(dir, "c10", null);
        assertThat(d.train().size()).isEqualTo(10);
        assertThat(d.train().labels()).containsExactly(1, 2, 2, 3, 3, 4, 4, 5, 5, 6);
        assertThat(d.classNames().get(9)).isEqualTo("truck");
        assertThat(d.train().imageShape().getShape()).containsExactly(3, 32, 32);
        // Pixel bytes follow the label: record k's first red pixel is k's marker.
        assertThat(d.train().pixels()[3 * 1024] & 0xFF).isEqualTo(pixelMarker(2));
        assertThat(d.test().labels()).containsExactly(9);
    }

    @Test
    void readsCifar100FineLabels() throws IOException {
        Files.write(dir.resolve("train.bin"), records(2, new int[] {42, 99}));
        Files.write(dir.resolve("test.bin"), records(2, new int[] {7}));
        assertThat(DatasetResolver.detect(dir)).isEqualTo(DatasetFormat.CIFAR100);
        Dataset d = DatasetResolver.load(dir, "c100", null);
        assertThat(d.numClasses()).isEqualTo(100);
        assertThat(d.train().labels()).containsExactly(42, 99);
    }

    @Test
    void aTruncatedFileIsNamedWithItsSize() throws IOException {
        Path file = dir.resolve("data_batch_1.bin");
        byte[] two = records(1, new int[] {1, 2});
        Files.write(file, java.util.Arrays.copyOf(two, two.length - 100));
        assertThatThrownBy(() -> CifarReader.readSplit(List.of(file), 1, 10))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("6046 bytes is not a whole number of 3073-byte records");
    }

    @Test
    void anOutOfRangeLabelIsReported() throws IOException {
        Path file = dir.resolve("data_batch_1.bin");
        Files.write(file, records(1, new int[] {3, 12}));
        assertThatThrownBy(() -> CifarReader.readSplit(List.of(file), 1, 10))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("label 12 in record 1 is out of range 0..9");
    }

    /** CIFAR records with the given labels (after {@code labelBytes - 1} coarse-label bytes) and marked pixels. */
    private static byte[] records(int labelBytes, int[] labels) {
        int record = labelBytes + 3072;
        byte[] bytes = new byte[labels.length * record];
        for (int i = 0; i < labels.length; i++) {
            bytes[i * record + labelBytes - 1] = (byte) labels[i];
            bytes[i * record + labelBytes] = (byte) pixelMarker(labels[i]);
        }
        return bytes;
    }

    private static int pixelMarker(int label) {
        return 100 + label;
    }
}
