package dev.umbra.api.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Texts;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.RegisterDatasetRequest;
import dev.umbra.client.spec.SpecParser;
import io.quarkus.panache.common.Sort;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

@ApplicationScoped
@Transactional
public class DatasetService {

    public static final List<String> FORMATS = List.of("idx", "cifar10", "cifar100", "image-folder");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private static final String BY_NAME = """
            SELECT id, team_id, name, format, num_classes, class_names::text, channels, height, width, train_count,
                   test_count, checksum, location, hflip_preserves_labels, created_at
            FROM dataset WHERE team_id = ? AND name = ?
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CurrentTeam team;
    private final Clock clock;
    private final DatasetLocations locations;
    private final AgroalDataSource dataSource;

    public DatasetService(CurrentTeam team, Clock clock, DatasetLocations locations, AgroalDataSource dataSource) {
        this.team = team;
        this.clock = clock;
        this.locations = locations;
        this.dataSource = dataSource;
    }

    public Dataset register(RegisterDatasetRequest r) {
        if (r == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || !SpecParser.DATASET_NAME.matcher(r.name()).matches()) {
            errors.add(new FieldError("name", "is required and must match " + SpecParser.DATASET_NAME.pattern()));
        }
        if (r.format() == null || !FORMATS.contains(r.format())) {
            errors.add(new FieldError("format", "must be one of " + FORMATS));
        }
        range("num_classes", r.numClasses(), 2, 100_000, true, errors);
        if (r.channels() == null || (r.channels() != 1 && r.channels() != 3)) {
            errors.add(new FieldError("channels", "must be 1 or 3"));
        }
        range("height", r.height(), 8, 4096, true, errors);
        range("width", r.width(), 8, 4096, true, errors);
        range("train_count", r.trainCount(), 1, 100_000_000, false, errors);
        range("test_count", r.testCount(), 1, 100_000_000, false, errors);
        if (r.checksum() != null && !SHA256.matcher(r.checksum()).matches()) {
            errors.add(new FieldError("checksum", "must be the 64-character lowercase hex SHA-256 of the dataset manifest"
                    + " (or absent: the platform computes it from the files)"));
        }
        int before = errors.size();
        Texts.name("location", r.location(), 2048, errors);
        if (errors.size() == before) {
            locations.problem(r.location(), team.id()).ifPresent(problem -> errors.add(new FieldError("location", problem)));
        }
        if (errors.size() == before && claimedByAnotherTeam(r.location(), team.id())) {
            // Says no more than that: which team, or whether one exists, is not this team's business.
            errors.add(new FieldError("location", "is not available to your team"));
        }
        String checksum = r.checksum();
        if (checksum == null && errors.size() == before) {
            // Registered from a browser, which cannot read the platform's disk: the manifest is computed here,
            // from the same files the platform will serve.
            DatasetManifest manifest = DatasetManifest.of(Path.of(r.location()));
            if (manifest.entries().isEmpty()) {
                errors.add(new FieldError("location", "holds no files"));
            }
            checksum = manifest.checksum();
        }
        if (r.classNames() != null) {
            if (r.numClasses() != null && r.classNames().size() != r.numClasses()) {
                errors.add(new FieldError("class_names", "must have num_classes (" + r.numClasses() + ") entries"));
            }
            for (int i = 0; i < r.classNames().size(); i++) {
                Texts.name("class_names[" + i + "]", r.classNames().get(i), 200, errors);
            }
        }
        if (errors.isEmpty() && findByName(r.name()).isPresent()) {
            throw ApiException.conflict("dataset-exists", "a dataset named '" + r.name() + "' is already registered");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Dataset d = new Dataset();
        d.teamId = team.id();
        d.name = r.name();
        d.format = r.format();
        d.numClasses = r.numClasses();
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        if (r.classNames() != null) {
            r.classNames().forEach(names::add);
        }
        d.classNames = names;
        d.channels = r.channels();
        d.height = r.height();
        d.width = r.width();
        d.trainCount = r.trainCount();
        d.testCount = r.testCount();
        d.checksum = checksum;
        d.location = r.location();
        d.hflipPreservesLabels = r.hflipPreservesLabels() == null || r.hflipPreservesLabels();
        d.createdAt = Instant.now(clock);
        d.persist();
        return d;
    }

    /**
     * Whether another team registered this location, a folder above it or one below it. Team
     * folders keep new registrations apart; this guards the locations from before them and any
     * link that joins two teams' folders.
     */
    public boolean claimedByAnotherTeam(String location, long teamId) {
        return Dataset.<Dataset>list("teamId <> ?1 and location <> ?2", teamId, BundledSampleRegistration.LOCATION).stream()
                .anyMatch(other -> locations.overlap(location, other.location));
    }

    /** A team's dataset with this checksum: what a runner holding one of the team's runs may fetch. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Dataset> byChecksum(long teamId, String checksum) {
        return Dataset.<Dataset>find("teamId = ?1 and checksum = ?2 order by id", teamId, checksum).firstResultOptional();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Dataset> get(long id) {
        return Dataset.<Dataset>find("id = ?1 and teamId = ?2", id, team.id()).firstResultOptional();
    }

    /**
     * The current team's dataset of this name: a complete copy of its row read in plain JDBC, not an
     * entity this session manages (changes to it are not saved). It is on every submission's path,
     * where Hibernate's natural-id load was over a third of the submission's CPU.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Dataset> findByName(String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BY_NAME)) {
            ps.setLong(1, team.id());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("reading dataset '" + name + "' failed", e);
        }
    }

    private static Dataset row(ResultSet rs) throws SQLException, JsonProcessingException {
        Dataset d = new Dataset();
        d.id = rs.getLong("id");
        d.teamId = rs.getLong("team_id");
        d.name = rs.getString("name");
        d.format = rs.getString("format");
        d.numClasses = rs.getInt("num_classes");
        d.classNames = JSON.readTree(rs.getString("class_names"));
        d.channels = rs.getInt("channels");
        d.height = rs.getInt("height");
        d.width = rs.getInt("width");
        d.trainCount = rs.getObject("train_count", Integer.class);
        d.testCount = rs.getObject("test_count", Integer.class);
        d.checksum = rs.getString("checksum");
        d.location = rs.getString("location");
        d.hflipPreservesLabels = rs.getBoolean("hflip_preserves_labels");
        d.createdAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
        return d;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Dataset> list() {
        return Dataset.<Dataset>find("teamId", Sort.ascending("name"), team.id()).list();
    }

    private static void range(String field, Integer value, int min, int max, boolean required, List<FieldError> errors) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required (an integer from " + min + " to " + max + ")"));
            }
        } else if (value < min || value > max) {
            errors.add(new FieldError(field, "must be from " + min + " to " + max));
        }
    }
}
