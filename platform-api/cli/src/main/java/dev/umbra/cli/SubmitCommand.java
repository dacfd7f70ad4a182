package dev.umbra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.client.UmbraClient;
import dev.umbra.client.dto.RunDto;
import dev.umbra.client.dto.SweepDto;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", description = "Submit a run spec or a sweep (a document with a 'base' spec) from a JSON or YAML file.")
final class SubmitCommand extends ApiCommand {

    @Parameters(paramLabel = "FILE", description = "run spec or sweep, .json or .yaml")
    Path file;

    @Option(names = {"-e", "--experiment"}, required = true, paramLabel = "ID")
    long experiment;

    @Override
    public Integer call() {
        JsonNode document = Documents.read(file);
        UmbraClient client = client();
        if (Documents.isSweep(document)) {
            SweepDto sweep = client.submitSweep(experiment, document);
            out().println("sweep " + sweep.id() + " submitted: " + sweep.totalRuns() + " runs (" + sweep.reusedRuns()
                    + " reused), " + sweep.runsByState().getOrDefault("QUEUED", 0L) + " queued");
        } else {
            RunDto run = client.submitRun(experiment, document);
            out().println("run " + run.id() + " submitted: " + run.method() + " on " + run.dataset() + ", seed " + run.seed()
                    + ", " + run.status() + ", run hash " + Table.shortHash(run.runHash()));
        }
        return 0;
    }
}
