package dev.umbra.client.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The identity of a dataset's bytes: one line per regular file under its root, sorted by relative
 * path, {@code "<sha256> <size> <path>\n"}. A dataset's checksum is the SHA-256 of that text, so
 * the API (which registers datasets) and the runner (which verifies what it fetched) agree on it
 * without sharing anything but this class.
 */
public record DatasetManifest(List<Entry> entries) {

    public record Entry(String path, long size, String sha256) {
    }

    public static DatasetManifest of(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> paths = files.filter(Files::isRegularFile).sorted().toList();
            List<Entry> entries = new ArrayList<>(paths.size());
            for (Path file : paths) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                entries.add(new Entry(relative, Files.size(file), sha256(file)));
            }
            entries.sort((a, b) -> a.path().compareTo(b.path()));
            return new DatasetManifest(List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset files under " + root, e);
        }
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            text.append(e.sha256()).append(' ').append(e.size()).append(' ').append(e.path()).append('\n');
        }
        return text.toString();
    }

    public String checksum() {
        return HexFormat.of().formatHex(digest().digest(text().getBytes(StandardCharsets.UTF_8)));
    }

    public long totalBytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
