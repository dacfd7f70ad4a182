package dev.umbra.api.dataset;

import dev.umbra.api.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where the platform reads a dataset's bytes from, and how it hands them to runners: one zip
 * stream of the dataset's files, which the runner unpacks and checks against the manifest
 * checksum.
 */
@ApplicationScoped
public class DatasetFiles {

    private final BundledSampleRegistration sample;
    private final DatasetLocations locations;
    private final DatasetService datasets;

    public DatasetFiles(BundledSampleRegistration sample, DatasetLocations locations, DatasetService datasets) {
        this.sample = sample;
        this.locations = locations;
        this.datasets = datasets;
    }

    /**
     * The local directory of a dataset: the bundled sample, or its location inside its team's
     * dataset folder with links resolved ({@link DatasetLocations}); 409 when it is missing, outside
     * that folder, or (a location from before team folders) overlapping another team's dataset.
     */
    public Path directory(Dataset dataset) {
        if (dataset.location.equals(BundledSampleRegistration.LOCATION)) {
            return sample.sampleDir();
        }
        return locations.readableDirectory(dataset.location, dataset.teamId)
                .filter(dir -> !locations.isLegacy(dataset.location)
                        || !datasets.claimedByAnotherTeam(dataset.location, dataset.teamId))
                .orElseThrow(() -> ApiException.conflict("dataset-unavailable", "dataset '" + dataset.name
                        + "' is not readable at " + dataset.location + ": it must be an existing directory under the"
                        + " team's dataset folder (<root>/team-<id>, roots: umbra.datasets.roots)"));
    }

    /**
     * Writes every regular file under the dataset's directory as a zip (stored, not deflated: images
     * are compressed). A file whose links lead outside both the dataset's directory and the
     * team's folder is left out: a link inside a dataset could point anywhere on the host (the runner's
     * checksum check then fails loudly).
     */
    public void writeZip(Path dir, long teamId, OutputStream out) {
        try (Stream<Path> walk = Files.walk(dir); ZipOutputStream zip = new ZipOutputStream(out)) {
            Path realDir = dir.toRealPath(); // once, not per file: a dataset may hold 100,000 images
            List<Path> files = walk.filter(file -> Files.isRegularFile(file) && locations.servable(file, realDir, teamId))
                    .sorted().toList();
            zip.setLevel(0);
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stream dataset files from " + dir, e);
        }
    }
}
