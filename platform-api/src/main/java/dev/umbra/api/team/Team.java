package dev.umbra.api.team;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "team")
public class Team extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Shown only to members; not unique across the platform (creating a team must not reveal other teams' names). */
    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    /** The folder under each dataset root where this team's datasets must lie. */
    public String datasetsFolder() {
        return datasetsFolder(id);
    }

    public static String datasetsFolder(long teamId) {
        return DATASETS_FOLDER_PREFIX + teamId;
    }

    /** Every team's dataset folder starts so: a folder under a root that doesn't belongs to no team. */
    public static final String DATASETS_FOLDER_PREFIX = "team-";
}
