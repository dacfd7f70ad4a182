package dev.umbra.api.configuration;

import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Texts;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.ConfigurationNoteDto;
import dev.umbra.client.dto.FieldError;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the current team calls its configurations and notes about them. A configuration exists as
 * long as one of the team's runs has its hash; naming one the team has no run of is refused (404).
 */
@ApplicationScoped
public class ConfigurationNotes {

    static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final AgroalDataSource dataSource;
    private final CurrentTeam team;
    private final Clock clock;

    public ConfigurationNotes(AgroalDataSource dataSource, CurrentTeam team, Clock clock) {
        this.dataSource = dataSource;
        this.team = team;
        this.clock = clock;
    }

    public ConfigurationNoteDto get(String configHash) {
        requireConfiguration(configHash);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, notes, updated_at FROM configuration_note WHERE team_id = ? AND config_hash = ?")) {
            ps.setLong(1, team.id());
            ps.setString(2, configHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new ConfigurationNoteDto(configHash, rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant()) : new ConfigurationNoteDto(configHash, "", "", null);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the notes of configuration " + configHash, e);
        }
    }

    /** Sets the name and/or the notes (null keeps a field); everything is checked before anything is written. */
    public ConfigurationNoteDto update(String configHash, ConfigurationNoteDto request) {
        if (request == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        Texts.labelAndNotes(request.name(), request.notes(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        requireConfiguration(configHash);
        String sql = """
                INSERT INTO configuration_note (team_id, config_hash, name, notes, updated_at)
                VALUES (?, ?, coalesce(?, ''), coalesce(?, ''), ?)
                ON CONFLICT (team_id, config_hash) DO UPDATE SET name = coalesce(?, configuration_note.name),
                    notes = coalesce(?, configuration_note.notes), updated_at = excluded.updated_at
                """;
        String name = request.name() == null ? null : request.name().strip();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, team.id());
            ps.setString(2, configHash);
            ps.setString(3, name);
            ps.setString(4, request.notes());
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            ps.setString(6, name);
            ps.setString(7, request.notes());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the notes of configuration " + configHash, e);
        }
        return get(configHash);
    }

    /** The non-empty names of those of {@code configHashes} the team named. */
    public Map<String, String> names(Collection<String> configHashes) {
        Map<String, String> names = new HashMap<>();
        if (configHashes.isEmpty()) {
            return names;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT config_hash, name FROM configuration_note WHERE team_id = ? AND config_hash = ANY(?) AND name <> ''")) {
            ps.setLong(1, team.id());
            ps.setArray(2, c.createArrayOf("text", configHashes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read configuration names", e);
        }
        return names;
    }

    private void requireConfiguration(String configHash) {
        if (configHash == null || !HASH.matcher(configHash).matches()) {
            throw ApiException.invalid("config_hash", "must be 64 lowercase hex characters");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM run WHERE team_id = ? AND config_hash = ? LIMIT 1")) {
            ps.setLong(1, team.id());
            ps.setString(2, configHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("configuration", configHash);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up configuration " + configHash, e);
        }
    }
}
