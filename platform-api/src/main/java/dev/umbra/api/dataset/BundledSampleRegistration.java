package dev.umbra.api.dataset;

import dev.umbra.api.common.ClusterSingleton;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.api.team.TeamCreated;
import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.client.dto.RegisterDatasetRequest;
import dev.umbra.sample.BundledSample;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Registers the bundled sample at start-up (once per install), so a fresh platform has a dataset
 * to train on, and for every team created later, so each can run on it at once. Its bytes are
 * extracted under the data directory, where the platform serves them to runners.
 */
@ApplicationScoped
public class BundledSampleRegistration {

    public static final String LOCATION = "bundled:" + BundledSample.NAME;
    private static final Logger LOG = Logger.getLogger(BundledSampleRegistration.class);

    private final DatasetService datasets;
    private final CurrentTeam team;
    private final Path dataDir;
    private final ClusterSingleton singleton;

    public BundledSampleRegistration(DatasetService datasets, CurrentTeam team, UmbraConfig config,
                                     ClusterSingleton singleton) {
        this.datasets = datasets;
        this.team = team;
        this.dataDir = config.embedded().dataDir();
        this.singleton = singleton;
    }

    void onStart(@Observes StartupEvent event) {
        Path dir = BundledSample.extractTo(sampleDir());
        QuarkusTransaction.requiringNew().run(() -> registerOnce(dir));
    }

    /** Replicas starting together take turns, so one registers the sample and the others find it. */
    private void registerOnce(Path dir) {
        singleton.awaitTurn("bundled-sample");
        if (datasets.findByName(BundledSample.NAME).isPresent()) {
            return;
        }
        String checksum = DatasetManifest.of(dir).checksum();
        datasets.register(new RegisterDatasetRequest(BundledSample.NAME, BundledSample.FORMAT,
                BundledSample.CLASS_NAMES.size(), BundledSample.CLASS_NAMES, BundledSample.CHANNELS,
                BundledSample.HEIGHT, BundledSample.WIDTH, BundledSample.TRAIN_COUNT, BundledSample.TEST_COUNT,
                checksum, LOCATION, BundledSample.HFLIP_PRESERVES_LABELS));
        LOG.infof("Registered the bundled dataset %s (team %d, checksum %s)", BundledSample.NAME, team.id(), checksum);
    }

    /** Every new team gets the default team's registration of the sample (same checksum, same files). */
    void onTeamCreated(@Observes TeamCreated created) {
        Dataset.<Dataset>find("teamId = ?1 and location = ?2", team.defaultId(), LOCATION).firstResultOptional()
                .ifPresent(sample -> {
                    Dataset copy = new Dataset();
                    copy.teamId = created.teamId();
                    copy.name = sample.name;
                    copy.format = sample.format;
                    copy.numClasses = sample.numClasses;
                    copy.classNames = sample.classNames;
                    copy.channels = sample.channels;
                    copy.height = sample.height;
                    copy.width = sample.width;
                    copy.trainCount = sample.trainCount;
                    copy.testCount = sample.testCount;
                    copy.checksum = sample.checksum;
                    copy.location = sample.location;
                    copy.hflipPreservesLabels = sample.hflipPreservesLabels;
                    copy.createdAt = sample.createdAt;
                    copy.persist();
                });
    }

    /** Where the sample's files live on this server. */
    public Path sampleDir() {
        return dataDir.resolve("datasets").resolve(BundledSample.NAME);
    }
}
