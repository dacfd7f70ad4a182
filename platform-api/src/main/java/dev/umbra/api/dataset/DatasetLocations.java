package dev.umbra.api.dataset;

import dev.umbra.api.config.UmbraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which dataset locations the platform accepts: the bundled sample, or a directory inside one of
 * the configured roots ({@code umbra.datasets.roots}). Without this check a team member could
 * register {@code /} or {@code /etc} and have the platform zip the host's files to any runner.
 *
 * <p>A location is checked twice: lexically at registration ({@code ..} and non-absolute paths
 * refused, the directory need not exist yet), and again, with symbolic links resolved, each time
 * the platform reads it — so a link planted inside a root cannot lead outside it.
 */
@ApplicationScoped
public class DatasetLocations {

    private final List<Path> roots;

    public DatasetLocations(UmbraConfig config) {
        this.roots = config.datasets().roots().stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Why {@code location} cannot be registered, or empty when it can. */
    public Optional<String> problem(String location) {
        if (location.equals(BundledSampleRegistration.LOCATION)) {
            return Optional.empty();
        }
        Optional<Path> path = parse(location);
        if (path.isEmpty()) {
            return Optional.of("must be an absolute path or a file: URI of a directory under " + roots);
        }
        if (!insideRoots(path.get())) {
            return Optional.of("must be a directory under one of the dataset roots " + roots
                    + " (umbra.datasets.roots)");
        }
        Path real = realPath(path.get());
        if (real != null && !insideRoots(real)) {
            return Optional.of("leads outside the dataset roots " + roots + " through a symbolic link");
        }
        return Optional.empty();
    }

    /**
     * The directory of a registered, non-bundled location with links resolved, or empty when it is
     * missing or (now) outside the roots.
     */
    Optional<Path> readableDirectory(String location) {
        return parse(location).filter(this::insideRoots).map(DatasetLocations::realPath)
                .filter(real -> insideRoots(real) && Files.isDirectory(real));
    }

    /**
     * Whether a file of a dataset may be served: with its links resolved it lies inside the
     * dataset's own directory ({@code realDatasetDir}, links resolved; the bundled sample lives
     * outside the roots) or inside the roots.
     */
    boolean servable(Path file, Path realDatasetDir) {
        Path real = realPath(file);
        return real != null && (real.startsWith(realDatasetDir) || insideRoots(real));
    }

    /** An absolute, {@code ..}-free path from {@code /a/b} or {@code file:/a/b}; empty otherwise. */
    private static Optional<Path> parse(String location) {
        try {
            Path path = location.startsWith("file:") ? Path.of(URI.create(location))
                    : location.startsWith("/") ? Path.of(location) : null;
            if (path == null || !path.isAbsolute()) {
                return Optional.empty();
            }
            for (Path part : path) {
                if (part.toString().equals("..")) {
                    return Optional.empty();
                }
            }
            return Optional.of(path.normalize());
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Strictly below a root, as written or with the root's own links resolved. */
    private boolean insideRoots(Path path) {
        for (Path root : roots) {
            Path realRoot = realPath(root);
            if (strictlyBelow(path, root) || realRoot != null && strictlyBelow(path, realRoot)) {
                return true;
            }
        }
        return false;
    }

    private static boolean strictlyBelow(Path path, Path root) {
        return path.startsWith(root) && !path.equals(root);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }
}
