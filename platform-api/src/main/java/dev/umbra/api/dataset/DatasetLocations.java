package dev.umbra.api.dataset;

import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.team.Team;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which dataset locations the platform accepts: the bundled sample, or a directory inside the
 * registering team's own folder under one of the configured roots ({@code
 * <root>/team-<id>/...}, see {@link Team#datasetsFolder()}). Without this check a team member
 * could register {@code /} or {@code /etc}, or another team's directory, and have the platform
 * zip those files to their runs.
 *
 * <p>A location is checked twice: at registration (lexically, {@code ..} and non-absolute paths
 * refused, and with links resolved when it exists), and again, with symbolic links resolved, each
 * time the platform reads it, so a link planted later cannot lead out of the team's folder.
 * Locations registered before team folders existed (directly under a root) are still read, as
 * long as no other team's dataset overlaps them ({@link DatasetService} checks that).
 */
@ApplicationScoped
public class DatasetLocations {

    private final List<Path> roots;

    public DatasetLocations(UmbraConfig config) {
        this.roots = config.datasets().roots().stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Why {@code location} cannot be registered by {@code teamId}, or empty when it can. */
    public Optional<String> problem(String location, long teamId) {
        if (location.equals(BundledSampleRegistration.LOCATION)) {
            return Optional.empty();
        }
        List<Path> folders = teamFolders(teamId);
        Optional<Path> path = parse(location);
        if (path.isEmpty()) {
            return Optional.of("must be an absolute path or a file: URI of a directory under your team's folder " + folders);
        }
        if (!strictlyBelowAny(path.get(), folders)) {
            return Optional.of("must be a directory under your team's dataset folder, one of " + folders
                    + " (<root>/" + Team.datasetsFolder(teamId) + ", roots: umbra.datasets.roots)");
        }
        Path real = realPath(path.get());
        if (real != null && !strictlyBelowAny(real, realTeamFolders(teamId))) {
            return Optional.of("leads outside your team's dataset folder through a symbolic link");
        }
        return Optional.empty();
    }

    /**
     * The directory of a registered, non-bundled location with links resolved, or empty when it is
     * missing or (now) outside the team's folder (or, for a location from before team folders,
     * outside the roots).
     */
    Optional<Path> readableDirectory(String location, long teamId) {
        return parse(location).filter(this::insideRoots).map(DatasetLocations::realPath)
                .filter(real -> Files.isDirectory(real) && (strictlyBelowAny(real, realTeamFolders(teamId))
                        || isLegacy(location) && insideRoots(real) && outsideTeamFolders(real)));
    }

    /**
     * Whether a file of a team's dataset may be served: with its links resolved it lies inside the
     * dataset's own directory ({@code realDatasetDir}, links resolved; the bundled sample lives
     * outside the roots) or inside the team's folder.
     */
    boolean servable(Path file, Path realDatasetDir, long teamId) {
        Path real = realPath(file);
        return real != null && (real.startsWith(realDatasetDir) || strictlyBelowAny(real, realTeamFolders(teamId)));
    }

    /** Whether two registered locations name the same directory or one lies inside the other (as written or resolved). */
    boolean overlap(String a, String b) {
        Optional<Path> pa = parse(a);
        Optional<Path> pb = parse(b);
        if (pa.isEmpty() || pb.isEmpty()) {
            return false; // the bundled sample is shared by design
        }
        Path ra = Optional.ofNullable(realPath(pa.get())).orElse(pa.get());
        Path rb = Optional.ofNullable(realPath(pb.get())).orElse(pb.get());
        return nested(pa.get(), pb.get()) || nested(ra, rb);
    }

    /** A location outside every team's folder: registered before datasets were owned by folders. */
    boolean isLegacy(String location) {
        return parse(location).map(this::outsideTeamFolders).orElse(false);
    }

    private boolean outsideTeamFolders(Path path) {
        return bases().stream().noneMatch(base -> strictlyBelow(path, base)
                && path.getName(base.getNameCount()).toString().startsWith(Team.DATASETS_FOLDER_PREFIX));
    }

    private static boolean nested(Path a, Path b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    private List<Path> teamFolders(long teamId) {
        return roots.stream().map(root -> root.resolve(Team.datasetsFolder(teamId))).toList();
    }

    /** The team's folders under the roots as written and with the roots' own links resolved. */
    private List<Path> realTeamFolders(long teamId) {
        return bases().stream().map(base -> base.resolve(Team.datasetsFolder(teamId))).toList();
    }

    /** The roots as written and, where they exist, with their own links resolved. */
    private List<Path> bases() {
        return roots.stream().flatMap(root -> {
            Path realRoot = realPath(root);
            return realRoot == null || realRoot.equals(root) ? Stream.of(root) : Stream.of(root, realRoot);
        }).toList();
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
        return strictlyBelowAny(path, bases());
    }

    private static boolean strictlyBelowAny(Path path, List<Path> folders) {
        return folders.stream().anyMatch(folder -> strictlyBelow(path, folder));
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
