package dev.umbra.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umbra.client.dataset.DatasetManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's dataset cache: fetched once, verified before it is installed, a tampered copy refused. */
class DatasetCacheTest {

    @TempDir
    Path tmp;

    @Test
    void aFetchedDatasetIsVerifiedInstalledAndThenServedFromTheCache() throws IOException {
        Path source = dataset(tmp.resolve("source"), "pixels");
        String checksum = DatasetManifest.of(source).checksum();
        Path zip = zip(source, tmp.resolve("data.zip"));
        DatasetCache cache = new DatasetCache(tmp.resolve("cache"));
        AtomicInteger fetches = new AtomicInteger();
        DatasetCache.Download download = target -> {
            fetches.incrementAndGet();
            copy(zip, target);
        };

        Path installed = cache.ensure(checksum, download);
        Path again = cache.ensure(checksum, download);

        assertThat(installed).isEqualTo(again);
        assertThat(fetches).hasValue(1);
        assertThat(DatasetManifest.of(installed).checksum()).isEqualTo(checksum);
        assertThat(Files.readString(installed.resolve("train.bin"))).isEqualTo("pixels");
    }

    @Test
    void bytesThatDoNotMatchTheChecksumAreNeverInstalled() throws IOException {
        String checksum = DatasetManifest.of(dataset(tmp.resolve("expected"), "pixels")).checksum();
        Path other = zip(dataset(tmp.resolve("other"), "tampered"), tmp.resolve("other.zip"));
        DatasetCache cache = new DatasetCache(tmp.resolve("cache"));

        assertThatThrownBy(() -> cache.ensure(checksum, target -> copy(other, target)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("arrived with checksum");
        assertThat(tmp.resolve("cache").resolve(checksum)).doesNotExist();
    }

    @Test
    void aCachedCopyWithoutItsMarkIsCheckedAndRemovedWhenItDiffers() throws IOException {
        Path source = dataset(tmp.resolve("source"), "pixels");
        String checksum = DatasetManifest.of(source).checksum();
        // left by an agent that died between installing and marking, then changed on disk
        dataset(tmp.resolve("cache").resolve(checksum), "changed");
        DatasetCache cache = new DatasetCache(tmp.resolve("cache"));

        assertThatThrownBy(() -> cache.ensure(checksum, target -> {
            throw new AssertionError("a present copy is checked, not fetched again");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("removed");
        assertThat(tmp.resolve("cache").resolve(checksum)).doesNotExist();
    }

    private static Path dataset(Path dir, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("train.bin"), content);
        Files.writeString(dir.resolve("labels.bin"), "0123");
        return dir;
    }

    private static Path zip(Path dir, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (String name : new String[] {"train.bin", "labels.bin"}) {
                z.putNextEntry(new ZipEntry(name));
                z.write(Files.readAllBytes(dir.resolve(name)));
                z.closeEntry();
            }
        }
        return zip;
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
