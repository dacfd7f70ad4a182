package dev.umbra.runner.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.sample.BundledSample;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRawAndGzipFilesAlike() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        writeImages(dir.resolve("train-images-idx3-ubyte"), 3, 2, 2, pixels, false);
        writeLabels(dir.resolve("train-labels-idx1-ubyte"), new byte[] {4, 0, 9}, false);
        writeImages(dir.resolve("t10k-images-idx3-ubyte.gz"), 1, 2, 2, new byte[] {1, 2, 3, (byte) 255}, true);
        writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {7}, true);

        Dataset d = IdxReader.read(dir, "tiny", "sum");
        assertThat(d.train().size()).isEqualTo(3);
        assertThat(d.train().pixels()).isEqualTo(pixels);
        assertThat(d.train().labels()).containsExactly(4, 0, 9);
        assertThat(d.test().pixels()).containsExactly(1, 2, 3, (byte) 255);
        assertThat(d.test().imageShape().getShape()).containsExactly(1, 2, 2);
        assertThat(d.numClasses()).isEqualTo(10);
    }

    @Test
    void badMagicNamesTheFileAndTheNumbers() throws IOException {
        Path images = dir.resolve("imgs");
        Path labels = dir.resolve("labels");
        writeImages(images, 1, 2, 2, new byte[4], false);
        writeImages(labels, 1, 2, 2, new byte[4], false); // an images file where labels belong
        assertThatThrownBy(() -> IdxReader.readSplit(images, labels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("bad magic number 0x00000803, expected 0x00000801");
    }

    @Test
    void truncatedDataIsReportedWithTheByteCounts() throws IOException {
        Path images = dir.resolve("imgs");
        Path labels = dir.resolve("labels");
        writeImages(images, 2, 2, 2, new byte[8], false);
        writeLabels(labels, new byte[] {1, 2}, false);
        byte[] full = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> IdxReader.readSplit(images, labels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("truncated: header announces 8 data bytes, file holds 5");
    }

    @Test
    void truncatedGzipIsReportedAsCorrupt() throws IOException {
        Path images = dir.resolve("imgs.gz");
        Path labels = dir.resolve("labels");
        writeImages(images, 50, 8, 8, new byte[50 * 64], true);
        writeLabels(labels, new byte[50], false);
        byte[] full = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> IdxReader.readSplit(images, labels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(images.toString());
    }

    @Test
    void labelAndImageCountsMustAgree() throws IOException {
        Path images = dir.resolve("imgs");
        Path labels = dir.resolve("labels");
        writeImages(images, 2, 1, 1, new byte[2], false);
        writeLabels(labels, new byte[] {1, 2, 3}, false);
        assertThatThrownBy(() -> IdxReader.readSplit(images, labels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("holds 3 labels but imgs holds 2 images");
    }

    @Test
    void bundledSampleResolvesWithItsClassesAndChecksum() {
        Dataset d = new DatasetResolver(dir.resolve("cache"), dir).resolve(BundledSample.NAME);
        assertThat(d.train().size()).isEqualTo(BundledSample.TRAIN_COUNT);
        assertThat(d.test().size()).isEqualTo(BundledSample.TEST_COUNT);
        assertThat(d.classNames()).isEqualTo(BundledSample.CLASS_NAMES);
        assertThat(d.checksum()).isEqualTo(DatasetManifest.of(dir.resolve("cache").resolve(BundledSample.NAME)).checksum());
        // 1,000 training images per class.
        assertThat(Arrays.stream(d.train().labels()).filter(l -> l == 3).count()).isEqualTo(1000);
    }

    @Test
    void readsTheFullFashionMnist() {
        Path shared = sharedDataset("fashion-mnist");
        Dataset d = DatasetResolver.load(shared, "fashion-mnist", null);
        assertThat(d.format()).isEqualTo(DatasetFormat.IDX);
        assertThat(d.train().size()).isEqualTo(60_000);
        assertThat(d.test().size()).isEqualTo(9_947);
        assertThat(d.train().imageShape().getShape()).containsExactly(1, 28, 28);
    }

    static Path sharedDataset(String name) {
        String shared = System.getProperty("umbra.shared.dir");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "datasets", name)),
                "skipped: shared dataset " + name + " not found (system property umbra.shared.dir=" + shared + ")");
        return Path.of(shared, "datasets", name);
    }

    static void writeImages(Path file, int n, int h, int w, byte[] pixels, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x803);
        out.writeInt(n);
        out.writeInt(h);
        out.writeInt(w);
        out.write(pixels);
        write(file, bytes.toByteArray(), gzip);
    }

    static void writeLabels(Path file, byte[] labels, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x801);
        out.writeInt(labels.length);
        out.write(labels);
        write(file, bytes.toByteArray(), gzip);
    }

    private static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }
}
