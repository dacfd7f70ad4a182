package dev.umbra.runner.agent;

import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetFormat;
import dev.umbra.runner.data.DatasetResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Datasets on this node, by checksum: fetched once from the platform as a zip, unpacked, checked
 * against the manifest checksum, and installed with an atomic rename, so several agents on one node
 * can share the cache without a lock.
 */
final class DatasetCache {

    /** Fetches a dataset's zip into a file (the platform serves it to runners holding a run of its team). */
    interface Download {
        void to(Path zip);
    }

    private final Path root;

    DatasetCache(Path root) {
        this.root = root;
    }

    Dataset load(DatasetDto dataset, Download download) {
        Path dir = ensure(dataset.checksum(), download);
        DatasetFormat format = DatasetFormat.fromId(dataset.format()).orElse(null);
        return DatasetResolver.load(dir, dataset.name(), format);
    }

    /** The verified directory of the dataset with this checksum, fetching it when absent. */
    Path ensure(String checksum, Download download) {
        Path dir = root.resolve(checksum);
        Path verified = root.resolve(checksum + ".verified");
        if (Files.isRegularFile(verified) && Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(root);
            if (!Files.isDirectory(dir)) {
                // Verified before its rename, as every install is (this agent's or a concurrent one's):
                // hashing every file again would double the first fetch's CPU on a large dataset.
                install(checksum, dir, download);
                if (!Files.isDirectory(dir)) {
                    throw new IOException("dataset " + checksum + " could not be moved into " + dir);
                }
            } else {
                String actual = DatasetManifest.of(dir).checksum();
                if (!actual.equals(checksum)) {
                    deleteTree(dir);
                    throw new IllegalStateException("dataset " + checksum + " in the cache had checksum " + actual + "; removed");
                }
            }
            Files.writeString(verified, checksum);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch dataset " + checksum, e);
        }
    }

    private void install(String checksum, Path dir, Download download) throws IOException {
        String unique = UUID.randomUUID().toString();
        Path zip = root.resolve(checksum + "." + unique + ".zip");
        Path unpacked = root.resolve(checksum + "." + unique + ".tmp");
        try {
            try {
                download.to(zip);
            } catch (UncheckedIOException e) {
                throw e.getCause(); // writing here failed (a full disk, say): the cause is what the run reports
            }
            unzip(zip, unpacked);
            String actual = DatasetManifest.of(unpacked).checksum();
            if (!actual.equals(checksum)) {
                throw new IllegalStateException("dataset " + checksum + " arrived with checksum " + actual);
            }
            try {
                Files.move(unpacked, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another agent on this node installed it first; keep theirs (verified by the caller).
            } catch (IOException e) {
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
        } finally {
            Files.deleteIfExists(zip);
            deleteTree(unpacked);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target) || entry.getName().contains("\0")) {
                    throw new IOException("dataset archive entry escapes its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
