package dev.umbra.api.auth;

import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Texts;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.RunnerTokenDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates runner tokens for GPU nodes; the secret is in the answer and nowhere else. */
@Path("/api/v1/runner-tokens")
@Produces(MediaType.APPLICATION_JSON)
public class RunnerTokenResource {

    private final TokenService tokens;

    public RunnerTokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, String> body) {
        List<FieldError> errors = new ArrayList<>();
        String name = body == null ? null : body.get("name");
        Texts.name("name", name, 100, errors);
        if (body != null && body.size() > 1) {
            errors.add(new FieldError("(body)", "only 'name' is accepted"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        TokenService.MintedToken token = tokens.mintRunnerToken(name);
        return Response.status(201).entity(new RunnerTokenDto(token.id(), name, token.secret())).build();
    }
}
