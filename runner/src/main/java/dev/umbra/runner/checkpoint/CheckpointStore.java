package dev.umbra.runner.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Checkpoint files of one run in one directory: {@code checkpoint-e<epoch>-s<step>.ckpt}, named by the
 * position of the next step so that name order is time order. A file is a zip of {@code meta.json}
 * ({@link CheckpointMeta}) and {@code arrays.ndlist} (DJL's NDList encoding, every array named). Files
 * appear atomically (written aside, then moved); only the newest {@code keepLast} are kept.
 */
public final class CheckpointStore {

    /** 2 added {@link CheckpointMeta.Totals}; format 1 is still read (without them). */
    public static final int FORMAT_VERSION = 2;

    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".ckpt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int keepLast;

    public CheckpointStore(Path dir, int keepLast) {
        this.dir = dir;
        this.keepLast = keepLast;
    }

    public Path dir() {
        return dir;
    }

    /** Writes a checkpoint, prunes old ones, and returns the new file. */
    public Path write(CheckpointMeta meta, Map<String, NDArray> arrays) {
        String name = String.format(Locale.ROOT, "%se%04d-s%06d%s", PREFIX, meta.nextEpoch(), meta.nextStep(), SUFFIX);
        Path file = dir.resolve(name);
        Path partial = dir.resolve(name + ".partial");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("meta.json"));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("arrays.ndlist"));
                NDList list = new NDList(arrays.size());
                for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                    e.getValue().setName(e.getKey());
                    list.add(e.getValue());
                }
                list.encode(zip);
                zip.closeEntry();
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            prune();
            return file;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial); // a full disk should not stay full of our leftovers
            } catch (IOException ignored) {
                // the same failing file system: the write's own error is the one to report
            }
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** The newest checkpoint in {@code dir}, if any. */
    public static Optional<Path> latest(Path dir) {
        List<Path> files = list(dir);
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(files.size() - 1));
    }

    /** Reads a checkpoint; its arrays are created in {@code manager}. */
    public static Checkpoint read(Path file, NDManager manager) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry metaEntry = zip.getEntry("meta.json");
            ZipEntry arraysEntry = zip.getEntry("arrays.ndlist");
            if (metaEntry == null || arraysEntry == null) {
                throw new IllegalStateException(file + ": not a checkpoint (meta.json or arrays.ndlist missing)");
            }
            CheckpointMeta meta;
            try (InputStream in = zip.getInputStream(metaEntry)) {
                meta = JSON.readValue(in, CheckpointMeta.class);
            }
            if (meta.formatVersion() < 1 || meta.formatVersion() > FORMAT_VERSION) {
                throw new IllegalStateException(file + ": checkpoint format " + meta.formatVersion()
                        + ", this runner reads 1 to " + FORMAT_VERSION);
            }
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            try (InputStream in = zip.getInputStream(arraysEntry)) {
                for (NDArray array : NDList.decode(manager, in)) {
                    arrays.put(array.getName(), array);
                }
            }
            return new Checkpoint(meta, arrays);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    private void prune() throws IOException {
        List<Path> files = list(dir);
        for (int i = 0; i < files.size() - keepLast; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** Checkpoint files in {@code dir}, oldest first. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }
}
