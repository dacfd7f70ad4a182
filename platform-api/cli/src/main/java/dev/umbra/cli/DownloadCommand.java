package dev.umbra.cli;

import dev.umbra.client.UmbraClient;
import dev.umbra.client.dto.ArtifactDto;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "download", description = "Download a run's artifacts (checksums verified); lists them with --list.")
final class DownloadCommand extends ApiCommand {

    @Parameters(paramLabel = "RUN")
    long run;

    @Option(names = "--kind", description = "only this kind: checkpoint, encoder, embeddings, logs, report")
    String kind;

    @Option(names = "--name", description = "only the artifact of this name")
    String name;

    @Option(names = {"-o", "--out"}, defaultValue = ".", paramLabel = "DIR")
    Path directory;

    @Option(names = "--list", description = "list, do not download")
    boolean list;

    @Override
    public Integer call() {
        UmbraClient client = client();
        List<ArtifactDto> artifacts = client.artifacts(run).stream()
                .filter(a -> kind == null || a.kind().equals(kind)).filter(a -> name == null || a.name().equals(name)).toList();
        if (artifacts.isEmpty()) {
            throw new CliException("run " + run + " has no artifact" + (kind == null ? "" : " of kind " + kind)
                    + (name == null ? "" : " named " + name));
        }
        if (list) {
            Table table = new Table("id", "kind", "name", "bytes", "sha256");
            artifacts.forEach(a -> table.row(a.id(), a.kind(), a.name(), a.sizeBytes(), Table.shortHash(a.sha256())));
            table.print(out());
            return 0;
        }
        for (ArtifactDto a : artifacts) {
            Path target = directory.resolve(a.kind()).resolve(a.name());
            client.download(run, a.id(), target);
            out().println(target + " (" + a.sizeBytes() + " bytes, sha256 verified)");
        }
        return 0;
    }
}
