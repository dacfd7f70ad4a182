package dev.umbra.api.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.client.spec.DatasetFacts;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "dataset")
public class Dataset extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id", nullable = false)
    public long teamId;

    /** Unique in its team, and never changes. */
    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String format;

    @Column(name = "num_classes", nullable = false)
    public int numClasses;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "class_names", nullable = false)
    public JsonNode classNames;

    @Column(nullable = false)
    public int channels;

    @Column(nullable = false)
    public int height;

    @Column(nullable = false)
    public int width;

    @Column(name = "train_count")
    public Integer trainCount;

    @Column(name = "test_count")
    public Integer testCount;

    @Column(nullable = false)
    public String checksum;

    @Column(nullable = false)
    public String location;

    @Column(name = "hflip_preserves_labels", nullable = false)
    public boolean hflipPreservesLabels;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** What the run spec resolves against on this dataset. */
    public DatasetFacts facts() {
        return new DatasetFacts(hflipPreservesLabels, trainCount);
    }
}
