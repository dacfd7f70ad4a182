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

    public DatasetFiles(BundledSampleRegistration sample) {
        this.sample = sample;
    }

    /** The local directory of a dataset: {@code bundled:<name>}, a {@code file:} URI or an absolute path. */
    public Path directory(Dataset dataset) {
        String location = dataset.location;
        Path dir;
        if (location.equals(BundledSampleRegistration.LOCATION)) {
            dir = sample.sampleDir();
        } else if (location.startsWith("file:")) {
            dir = Path.of(java.net.URI.create(location));
        } else if (location.startsWith("/")) {
            dir = Path.of(location);
        } else {
            throw ApiException.conflict("dataset-unavailable", "dataset '" + dataset.name + "' is at " + location
                    + ", which this platform cannot read (local paths and the bundled sample only)");
        }
        if (!Files.isDirectory(dir)) {
            throw ApiException.conflict("dataset-unavailable", "dataset '" + dataset.name + "' is not at " + dir);
        }
        return dir;
    }

    /** Writes every regular file under the dataset's directory as a zip (stored, not deflated: images are compressed). */
    public void writeZip(Path dir, OutputStream out) {
        try (Stream<Path> walk = Files.walk(dir); ZipOutputStream zip = new ZipOutputStream(out)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
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
