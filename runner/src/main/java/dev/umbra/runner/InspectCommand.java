package dev.umbra.runner;

import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetFormatException;
import dev.umbra.runner.data.DatasetResolver;
import dev.umbra.runner.data.ImageSplit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reads a dataset directory with the same readers a run trains with, every file of it, and says what
 * the platform needs to know to register it (format, classes, shape, split sizes): a dataset is
 * described by what it holds, not by what someone remembers of it, and one that a run could not read
 * is refused here rather than an hour into a sweep.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Read a dataset directory and print its format, classes, shape and split sizes, and how to register it.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec command;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset's directory (IDX, CIFAR binary or image folders)")
    private Path dir;

    @Option(names = "--register-options", description = "print only the options of `umbra datasets add`, one per line (for scripts)")
    private boolean registerOptionsOnly;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Dataset dataset;
        try {
            dataset = DatasetResolver.load(dir, dir.getFileName().toString(), null);
        } catch (DatasetFormatException e) {
            PrintWriter err = command.commandLine().getErr();
            err.println("cannot read the dataset: " + e.getMessage());
            err.flush();
            return TrainCommand.EXIT_BAD_INPUT;
        }
        List<String> options = registerOptions(dataset);
        if (registerOptionsOnly) {
            options.forEach(out::println);
        } else {
            ImageSplit train = dataset.train();
            out.printf("%s: %s, %d classes, %dx%dx%d, train %d, test %d, classes %s%n", dir, dataset.format().id(),
                    dataset.numClasses(), train.channels(), train.height(), train.width(), train.size(),
                    dataset.test().size(), String.join(", ", dataset.classNames()));
            out.println("register it with: umbra datasets add NAME " + dir + " " + String.join(" ", options.stream()
                    .map(InspectCommand::quoted).toList()));
        }
        out.flush();
        return 0;
    }

    /**
     * The options of {@code umbra datasets add} that describe {@code dataset}; class names only where the
     * files name the classes (an IDX file numbers them).
     */
    static List<String> registerOptions(Dataset dataset) {
        ImageSplit train = dataset.train();
        List<String> options = new ArrayList<>(List.of("--format", dataset.format().id(),
                "--classes", Integer.toString(dataset.numClasses()),
                "--channels", Integer.toString(train.channels()),
                "--height", Integer.toString(train.height()),
                "--width", Integer.toString(train.width()),
                "--train-count", Integer.toString(train.size()),
                "--test-count", Integer.toString(dataset.test().size())));
        boolean numbered = IntStream.range(0, dataset.numClasses())
                .allMatch(i -> dataset.classNames().get(i).equals(Integer.toString(i)));
        if (!numbered) {
            dataset.classNames().forEach(name -> options.addAll(List.of("--class-name", name)));
        }
        return options;
    }

    private static String quoted(String word) {
        return word.matches("[A-Za-z0-9_.,/=:+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
