package dev.umbra.api.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id", nullable = false)
    public Long teamId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "token_id")
    public Long tokenId;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String method;

    @Column(nullable = false)
    public String path;

    @Column(nullable = false)
    public int status;

    @Column(nullable = false)
    public Instant at;
}
