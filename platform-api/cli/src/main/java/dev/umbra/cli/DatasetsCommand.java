package dev.umbra.cli;

import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.client.dto.RegisterDatasetRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "datasets", description = "List the team's datasets, or register one.",
        subcommands = {DatasetsCommand.Add.class})
final class DatasetsCommand extends ApiCommand {

    @Override
    public Integer call() {
        Table table = new Table("id", "name", "format", "classes", "shape", "train", "test", "hflip", "checksum");
        for (DatasetDto d : client().datasets()) {
            table.row(d.id(), d.name(), d.format(), d.numClasses(), d.channels() + "x" + d.height() + "x" + d.width(),
                    d.trainCount(), d.testCount(), d.hflipPreservesLabels() ? "keeps label" : "changes label",
                    d.checksum().substring(0, 12));
        }
        table.print(out());
        return 0;
    }

    /**
     * Registers a directory the platform can read (inside the team's folder under its {@code
     * umbra.datasets.roots}, {@code <root>/team-<id>}): the
     * manifest checksum is computed here, from the same files the platform will serve, so runners
     * can verify what they fetch.
     */
    @Command(name = "add", description = "Register a dataset directory on the platform's host; computes its checksum.")
    static final class Add extends ApiCommand {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "DIR", description = "the dataset's directory, in your team's folder under one of the platform's dataset roots (<root>/team-<id>)")
        Path dir;

        @Option(names = "--format", required = true, description = "idx, cifar10, cifar100 or image-folder")
        String format;

        @Option(names = "--classes", required = true)
        int classes;

        @Option(names = "--class-name", description = "class names in label order (repeatable)")
        List<String> classNames;

        @Option(names = "--channels", required = true, description = "1 or 3")
        int channels;

        @Option(names = "--height", required = true)
        int height;

        @Option(names = "--width", required = true)
        int width;

        @Option(names = "--train-count")
        Integer trainCount;

        @Option(names = "--test-count")
        Integer testCount;

        @Option(names = "--hflip-changes-labels", description = "a mirrored image is another class (digits, text): "
                + "recipes then leave horizontal flips out of runs on this dataset")
        boolean hflipChangesLabels;

        @Override
        public Integer call() {
            if (!Files.isDirectory(dir)) {
                throw new CliException("not a directory: " + dir);
            }
            Path absolute = dir.toAbsolutePath().normalize();
            DatasetManifest manifest = DatasetManifest.of(absolute);
            if (manifest.entries().isEmpty()) {
                throw new CliException("no files under " + absolute);
            }
            DatasetDto registered = client().registerDataset(new RegisterDatasetRequest(name, format, classes,
                    classNames, channels, height, width, trainCount, testCount, manifest.checksum(), absolute.toString(),
                    !hflipChangesLabels));
            out().println("dataset " + registered.id() + " registered: " + registered.name() + " ("
                    + manifest.entries().size() + " files, " + manifest.totalBytes() + " bytes, checksum "
                    + registered.checksum() + ")");
            return 0;
        }
    }
}
