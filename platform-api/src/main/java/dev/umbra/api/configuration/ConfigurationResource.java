package dev.umbra.api.configuration;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.Caller;
import dev.umbra.client.dto.ConfigurationNoteDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A configuration's name and notes (the seeds of one configuration share its hash). */
@Path("/api/v1/configurations/{configHash}")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigurationResource {

    private final ConfigurationNotes notes;

    public ConfigurationResource(ConfigurationNotes notes) {
        this.notes = notes;
    }

    @GET
    @Allowed(Caller.VIEWER)
    public ConfigurationNoteDto get(@PathParam("configHash") String configHash) {
        return notes.get(configHash);
    }

    /** {@code {"name", "notes"}}, each optional; an empty name removes it. */
    @PATCH
    @Allowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public ConfigurationNoteDto update(@PathParam("configHash") String configHash, ConfigurationNoteDto request) {
        return notes.update(configHash, request);
    }
}
