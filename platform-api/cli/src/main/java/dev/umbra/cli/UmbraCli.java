package dev.umbra.cli;

import dev.umbra.client.ApiProblemException;
import dev.umbra.client.PlatformUnreachableException;
import dev.umbra.client.dto.FieldError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code umbra} command. Exit codes: 0 done, 1 the API refused (its problem document is
 * printed as the API words it, with every field error), 2 bad usage, 3 the platform could not be
 * reached, 4 a watched run or sweep did not succeed.
 */
@Command(name = "umbra", mixinStandardHelpOptions = true, versionProvider = UmbraCli.Version.class,
        description = "Submit SSL runs and sweeps to an Umbra platform, watch them, compare the results.",
        subcommands = {ExperimentsCommand.class, DatasetsCommand.class, SubmitCommand.class, RunsCommand.class, WatchCommand.class,
                SweepsCommand.class, SuiteCommand.class, LeaderboardCommand.class, ReportCommand.class, CompareCommand.class,
                DownloadCommand.class, CancelCommand.class, RerunCommand.class, RunnersCommand.class, CommandLine.HelpCommand.class})
public final class UmbraCli {

    public static final int REFUSED = 1;
    public static final int UNREACHABLE = 3;
    public static final int NOT_SUCCEEDED = 4;

    private final Map<String, String> environment;
    private final Path home;

    UmbraCli(Map<String, String> environment, Path home) {
        this.environment = environment;
        this.home = home;
    }

    Map<String, String> environment() {
        return environment;
    }

    Path home() {
        return home;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err, System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** Runs one command line; tests call this with their own streams, environment and home directory. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment, Path home) {
        CommandLine cli = new CommandLine(new UmbraCli(environment, home));
        cli.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof ApiProblemException problem) {
                printProblem(problem, err);
                return REFUSED;
            }
            if (e instanceof PlatformUnreachableException unreachable) {
                err.println("error: " + unreachable.getMessage());
                return UNREACHABLE;
            }
            if (e instanceof CliException usage) {
                err.println("error: " + usage.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            throw e;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The problem as the API words it: status and title, detail, then every bad field. */
    static void printProblem(ApiProblemException e, PrintWriter err) {
        err.println("error: " + e.status() + " " + (e.problem().title() == null ? "" : e.problem().title()) + ": "
                + e.problem().detail());
        if (e.problem().errors() != null) {
            for (FieldError field : e.problem().errors()) {
                err.println("  " + field.field() + ": " + field.message());
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = UmbraCli.class.getPackage().getImplementationVersion();
            return new String[] {"umbra " + (version == null ? "(development build)" : version)};
        }
    }
}
