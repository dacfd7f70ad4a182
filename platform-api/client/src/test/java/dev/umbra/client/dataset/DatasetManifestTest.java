package dev.umbra.client.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetManifestTest {

    @Test
    void checksumIsTheSha256OfTheSortedManifestText(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("train/b"));
        Files.writeString(dir.resolve("train/b/1.png"), "xy");
        Files.writeString(dir.resolve("a.bin"), "abc");

        DatasetManifest manifest = DatasetManifest.of(dir);

        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        String xy = sha256("xy");
        assertThat(manifest.text()).isEqualTo(abc + " 3 a.bin\n" + xy + " 2 train/b/1.png\n");
        assertThat(manifest.checksum()).isEqualTo(sha256(manifest.text()));
        assertThat(manifest.totalBytes()).isEqualTo(5);
    }

    @Test
    void anyChangedByteChangesTheChecksum(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data.bin"), "abc");
        String before = DatasetManifest.of(dir).checksum();
        Files.writeString(dir.resolve("data.bin"), "abd");

        assertThat(DatasetManifest.of(dir).checksum()).isNotEqualTo(before);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
