package dev.umbra.runner.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRgbPngsAsChwWithClassesBySortedFolderName() throws IOException {
        png(dir.resolve("train/cat/a.png"), BufferedImage.TYPE_INT_RGB, 0x102030);
        png(dir.resolve("train/ant/b.png"), BufferedImage.TYPE_INT_RGB, 0xFF0080);
        png(dir.resolve("test/cat/c.png"), BufferedImage.TYPE_INT_RGB, 0x000000);

        Dataset d = DatasetResolver.load(dir, "folders", null);
        assertThat(d.format()).isEqualTo(DatasetFormat.IMAGE_FOLDER);
        assertThat(d.classNames()).containsExactly("ant", "cat");
        assertThat(d.train().labels()).containsExactly(0, 1);
        assertThat(d.train().imageShape().getShape()).containsExactly(3, 4, 5);
        byte[] p = d.train().pixels();
        int plane = 4 * 5;
        // Image 0 is ant's 0xFF0080: R plane, G plane, B plane.
        assertThat(new int[] {p[0] & 0xFF, p[plane] & 0xFF, p[2 * plane] & 0xFF}).containsExactly(255, 0, 128);
        assertThat(d.test().labels()).containsExactly(1);
    }

    @Test
    void grayscaleImagesKeepTheirExactValuesInOneChannel() throws IOException {
        png(dir.resolve("train/x/a.png"), BufferedImage.TYPE_BYTE_GRAY, 77);
        png(dir.resolve("train/y/c.png"), BufferedImage.TYPE_BYTE_GRAY, 5);
        png(dir.resolve("test/x/b.png"), BufferedImage.TYPE_BYTE_GRAY, 200);
        Dataset d = DatasetResolver.load(dir, "gray", null);
        assertThat(d.train().channels()).isEqualTo(1);
        assertThat(d.train().pixels()[0] & 0xFF).isEqualTo(77);
        assertThat(d.test().pixels()[7] & 0xFF).isEqualTo(200);
    }

    @Test
    void aDatasetOfOneClassIsRefusedBeforeAnyRunTrainsOnIt() throws IOException {
        png(dir.resolve("train/only/a.png"), BufferedImage.TYPE_INT_RGB, 1);
        png(dir.resolve("train/only/b.png"), BufferedImage.TYPE_INT_RGB, 2);
        png(dir.resolve("test/only/c.png"), BufferedImage.TYPE_INT_RGB, 3);
        assertThatThrownBy(() -> DatasetResolver.load(dir, "one", null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("training images hold 1 class; a dataset needs at least 2");
    }

    @Test
    void anUnreadableImageIsNamed() throws IOException {
        png(dir.resolve("train/x/a.png"), BufferedImage.TYPE_INT_RGB, 1);
        Path broken = dir.resolve("train/x/b.png");
        Files.write(broken, new byte[] {1, 2, 3, 4});
        Files.createDirectories(dir.resolve("test"));
        assertThatThrownBy(() -> DatasetResolver.load(dir, "bad", null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageContaining("unreadable image");
    }

    @Test
    void anImageOfAnotherSizeIsNamed() throws IOException {
        png(dir.resolve("train/x/a.png"), BufferedImage.TYPE_INT_RGB, 1);
        Path other = dir.resolve("train/x/b.png");
        Files.createDirectories(other.getParent());
        ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "png", other.toFile());
        Files.createDirectories(dir.resolve("test"));
        assertThatThrownBy(() -> DatasetResolver.load(dir, "bad", null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(other.toString())
                .hasMessageContaining("is 3x3, the dataset's images are 5x4");
    }

    @Test
    void readsRealCifar10Jpegs() throws IOException {
        Path archive = IdxReaderTest.sharedDataset("cifar10-jpeg").resolve("cifar10-jpeg.tar.gz");
        Map<String, Integer> perSplitClass = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            // The first 5 images of each split and class are enough to exercise the reader on real JPEGs.
            while ((entry = tar.getNextEntry()) != null) {
                String[] parts = entry.getName().split("/");
                if (!entry.isFile() || parts.length != 4) {
                    continue;
                }
                String key = parts[1] + "/" + parts[2];
                if (perSplitClass.merge(key, 1, Integer::sum) <= 5) {
                    Path out = dir.resolve(parts[1]).resolve(parts[2]).resolve(parts[3]);
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                }
            }
        }
        Dataset d = DatasetResolver.load(dir, "cifar10-jpeg", null);
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(d.classNames()).contains("airplane", "truck");
        assertThat(d.train().size()).isEqualTo(50);
        assertThat(d.test().size()).isEqualTo(50);
        assertThat(d.train().imageShape().getShape()).containsExactly(3, 32, 32);
        float[][] stats = d.train().channelStats();
        assertThat(stats[0][0]).isBetween(0.2f, 0.8f);
    }

    private static void png(Path file, int type, int value) throws IOException {
        BufferedImage image = new BufferedImage(5, 4, type);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    image.getRaster().setSample(x, y, 0, value);
                } else {
                    image.setRGB(x, y, value);
                }
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
