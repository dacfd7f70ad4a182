package dev.umbra.api.audit;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Cursor;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.AuditEventDto;
import dev.umbra.client.dto.Page;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The team's audit log, newest first, keyset-paged (team admins only). */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog log;
    private final CurrentTeam team;

    public AuditResource(AuditLog log, CurrentTeam team) {
        this.log = log;
        this.team = team;
    }

    @GET
    @Allowed(Caller.ADMIN)
    public Page<AuditEventDto> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        int pageSize = Cursor.limit(limit);
        List<AuditEvent> rows = log.page(team.id(), Cursor.decode(cursor), pageSize + 1);
        List<AuditEventDto> items = rows.stream().limit(pageSize)
                .map(e -> new AuditEventDto(e.id, e.actor, e.tokenId, e.method, e.path, e.status, e.at)).toList();
        return new Page<>(items, rows.size() > pageSize ? Cursor.encode(items.get(items.size() - 1).id()) : null);
    }
}
